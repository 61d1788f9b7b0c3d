import type { Dimension, Tag, TaxonomyFile } from './schema.js';

/** The nine dimension ids of taxonomy v3.1, in prompt order. */
export const DIMENSION_IDS = [
  'intent',
  'language',
  'domain',
  'task',
  'difficulty',
  'concept',
  'agentic',
  'constraint',
  'context',
] as const;
export type DimensionId = (typeof DIMENSION_IDS)[number];

/**
 * A loaded, checked taxonomy with lookup tables. Built once by `loadTaxonomy` and passed around explicitly.
 */
export interface Taxonomy {
  readonly file: TaxonomyFile;
  readonly version: string;
  readonly dimensions: readonly Dimension[];
  /** Dimension by id. */
  readonly byId: ReadonlyMap<string, Dimension>;
  /** Per dimension: tag id -> tag. */
  readonly tagsByDim: ReadonlyMap<string, ReadonlyMap<string, Tag>>;
  /** Per dimension: normalised alias or id -> canonical tag id. */
  readonly aliasesByDim: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Difficulty-like ordinal dimensions: tag ids in rank order. */
  readonly ordinalLevels: ReadonlyMap<string, readonly string[]>;
  readonly tagCount: number;
}

/**
 * Normalise a tag spelling for alias lookup: lower case, trimmed, spaces/underscores/slashes -> '-',
 * repeated dashes collapsed. `C++` stays `c++`; `Node.js` -> `node.js`.
 */
export function normaliseTagSpelling(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s_/]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

export function buildTaxonomy(file: TaxonomyFile): Taxonomy {
  const byId = new Map<string, Dimension>();
  const tagsByDim = new Map<string, Map<string, Tag>>();
  const aliasesByDim = new Map<string, Map<string, string>>();
  const ordinalLevels = new Map<string, string[]>();
  let tagCount = 0;
  for (const dim of file.dimensions) {
    byId.set(dim.id, dim);
    const tags = new Map<string, Tag>();
    const aliases = new Map<string, string>();
    for (const tag of dim.tags) {
      tags.set(tag.id, tag);
      tagCount++;
    }
    // Ids first so an alias can never shadow a real id.
    for (const tag of dim.tags) aliases.set(normaliseTagSpelling(tag.id), tag.id);
    for (const tag of dim.tags) {
      for (const alias of tag.aliases ?? []) {
        const key = normaliseTagSpelling(alias);
        if (!aliases.has(key)) aliases.set(key, tag.id);
      }
      const labelKey = normaliseTagSpelling(tag.label);
      if (!aliases.has(labelKey)) aliases.set(labelKey, tag.id);
    }
    tagsByDim.set(dim.id, tags);
    aliasesByDim.set(dim.id, aliases);
    if (dim.ordinal) {
      const levels = [...dim.tags].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0)).map((t) => t.id);
      ordinalLevels.set(dim.id, levels);
    }
  }
  return { file, version: file.version, dimensions: file.dimensions, byId, tagsByDim, aliasesByDim, ordinalLevels, tagCount };
}

export function getDimension(tax: Taxonomy, id: string): Dimension {
  const dim = tax.byId.get(id);
  if (!dim) throw new Error(`unknown dimension "${id}"`);
  return dim;
}
