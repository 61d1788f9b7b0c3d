import { normaliseTagSpelling, type Labels, type Taxonomy } from '../taxonomy/index.js';
import { NEAR_MISSES } from './near-misses.js';

export interface UnmappedTag {
  dimension: string;
  value: string;
}
export interface MappedTag {
  dimension: string;
  from: string;
  to: string;
}
export interface NormalisedLabels {
  /** Canonical labels: a string for single dimensions, an array for multi (order kept, duplicates removed). */
  labels: Labels;
  /** Tags no id, alias or near-miss matched; left out of `labels`, never silently dropped. */
  unmapped: UnmappedTag[];
  /** Raw spellings that differ from the canonical id they were mapped to. */
  mapped: MappedTag[];
  /** Shape problems (not an object, unknown dimension, non-string tag, several tags for a single dimension). */
  problems: string[];
}

/**
 * Resolve one raw spelling to a tag id of `dimension`, or null. Order: taxonomy ids/labels/aliases (exact
 * normalised spelling, then with dots or dashes removed: `node.js` -> `nodejs`), then the near-miss table.
 */
export function resolveTag(raw: string, dimension: string, tax: Taxonomy): string | null {
  const aliases = tax.aliasesByDim.get(dimension);
  if (!aliases) return null;
  const key = normaliseTagSpelling(raw);
  const candidates = [key, key.replace(/\./g, ''), key.replace(/\./g, '-'), key.replace(/-/g, '')];
  for (const c of candidates) {
    const hit = aliases.get(c);
    if (hit !== undefined) return hit;
  }
  const near = NEAR_MISSES[dimension]?.[key];
  return near !== undefined && tax.tagsByDim.get(dimension)?.has(near) ? near : null;
}

/** Raw values of one dimension as a list of strings; a comma list in a string is split for multi dimensions. */
function rawValues(value: unknown, multi: boolean, dimension: string, problems: string[]): string[] {
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  list.forEach((v, i) => {
    if (typeof v !== 'string') {
      problems.push(`${dimension}[${i}]: expected a tag id string, got ${JSON.stringify(v)?.slice(0, 60) ?? typeof v}`);
      return;
    }
    const parts = multi && !Array.isArray(value) ? v.split(',') : [v];
    for (const p of parts) if (p.trim() !== '') out.push(p.trim());
  });
  return out;
}

/**
 * Map raw labels (an LLM answer, a hand-written file) onto the taxonomy: every tag goes through the dimension's
 * aliases and the near-miss table; unknown tags are recorded in `unmapped`. Missing dimensions are left absent
 * (the cardinality rule reports them). Pure.
 */
export function normaliseLabels(raw: unknown, tax: Taxonomy): NormalisedLabels {
  const result: NormalisedLabels = { labels: {}, unmapped: [], mapped: [], problems: [] };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    result.problems.push(`labels: expected an object of dimension -> tags, got ${Array.isArray(raw) ? 'array' : typeof raw}`);
    return result;
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!tax.byId.has(key)) result.problems.push(`${key}: unknown dimension (expected one of ${[...tax.byId.keys()].join(', ')})`);
  }
  for (const dim of tax.dimensions) {
    const value = record[dim.id];
    if (value === undefined || value === null) continue;
    const multi = dim.selection === 'multi';
    const tags: string[] = [];
    for (const v of rawValues(value, multi, dim.id, result.problems)) {
      const id = resolveTag(v, dim.id, tax);
      if (id === null) {
        result.unmapped.push({ dimension: dim.id, value: v });
        continue;
      }
      if (v !== id) result.mapped.push({ dimension: dim.id, from: v, to: id });
      if (!tags.includes(id)) tags.push(id);
    }
    if (multi) {
      result.labels[dim.id] = tags;
    } else if (tags.length > 0) {
      if (tags.length > 1) result.problems.push(`${dim.id}: single-select dimension got ${tags.length} tags (${tags.join(', ')}); kept "${tags[0]}"`);
      result.labels[dim.id] = tags[0] as string;
    }
  }
  return result;
}
