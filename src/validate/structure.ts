import { tagsOf, type Labels, type Taxonomy } from '../taxonomy/index.js';

/**
 * Cardinality and pool of every dimension: present, min..max tags, all from its own pool, no duplicates, and a
 * single-select dimension holds exactly one string. One message per problem, naming dimension and value.
 */
export function cardinalityProblems(labels: Labels, tax: Taxonomy): string[] {
  const problems: string[] = [];
  for (const dim of tax.dimensions) {
    const value = labels[dim.id];
    if (value === undefined) {
      problems.push(`${dim.id}: missing (needs ${dim.min}..${dim.max} tags)`);
      continue;
    }
    if (dim.selection === 'single' && typeof value !== 'string') {
      problems.push(`${dim.id}: single-select dimension must be one tag id string, got array [${value.join(', ')}]`);
    }
    if (dim.selection === 'multi' && typeof value === 'string') {
      problems.push(`${dim.id}: multi-select dimension must be an array of tag ids, got string "${value}"`);
    }
    const tags = tagsOf(labels, dim.id);
    const pool = tax.tagsByDim.get(dim.id);
    for (const t of tags) if (!pool?.has(t)) problems.push(`${dim.id}: "${t}" is not a tag of this dimension`);
    const seen = new Set<string>();
    for (const t of tags) {
      if (seen.has(t)) problems.push(`${dim.id}: duplicate tag "${t}"`);
      seen.add(t);
    }
    if (tags.length < dim.min || tags.length > dim.max) {
      problems.push(`${dim.id}: has ${tags.length} tag(s), needs ${dim.min}..${dim.max}`);
    }
  }
  return problems;
}

/** `none` combined with another tag of the same dimension. */
export function noneExclusivityProblems(labels: Labels, tax: Taxonomy): string[] {
  const problems: string[] = [];
  for (const dim of tax.dimensions) {
    if (dim.none_tag === null) continue;
    const tags = tagsOf(labels, dim.id);
    if (tags.includes(dim.none_tag) && tags.some((t) => t !== dim.none_tag)) {
      const others = tags.filter((t) => t !== dim.none_tag);
      problems.push(`${dim.id}: "${dim.none_tag}" cannot be combined with ${others.map((t) => `"${t}"`).join(', ')}`);
    }
  }
  return problems;
}

/**
 * Strict structural check of an already-canonical label set (gold files, labeler output): no alias mapping,
 * unknown dimension keys reported. Empty when valid.
 */
export function checkLabelSet(labels: Labels, tax: Taxonomy): string[] {
  const unknown = Object.keys(labels)
    .filter((k) => !tax.byId.has(k))
    .map((k) => `${k}: unknown dimension`);
  return [...unknown, ...cardinalityProblems(labels, tax), ...noneExclusivityProblems(labels, tax)];
}
