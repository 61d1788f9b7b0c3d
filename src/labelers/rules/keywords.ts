import type { Taxonomy } from '../../taxonomy/index.js';
import { EXTRA_KEYWORDS, KEYWORD_STOPLIST } from './keyword-data.js';
import { keyVariants, phraseKey, tokenize } from './tokens.js';

export interface KeywordHit {
  dimension: string;
  tag: string;
}

/** Scores per dimension: tag -> weighted hit count. */
export type KeywordScores = Map<string, Map<string, number>>;

/** Phrase key -> the tags it is evidence for. Built once per labeler; lookups are O(tokens). */
export interface KeywordIndex {
  readonly phrases: ReadonlyMap<string, readonly KeywordHit[]>;
  /** Every proper word prefix of a phrase (`abstract`, `abstract-syntax`), so most tokens cost one lookup. */
  readonly prefixes: ReadonlySet<string>;
}

/**
 * Index the keywords of the given dimensions: each tag's id, label and aliases (from the taxonomy) plus the
 * curated EXTRA_KEYWORDS, minus the stoplist. Built when the labeler is created, never per record.
 */
export function buildKeywordIndex(tax: Taxonomy, dimensions: readonly string[]): KeywordIndex {
  const phrases = new Map<string, KeywordHit[]>();
  const prefixes = new Set<string>();
  const add = (raw: string, hit: KeywordHit): void => {
    const key = phraseKey(raw);
    if (key.length < 2 || KEYWORD_STOPLIST.has(key)) return;
    const words = key.split('-');
    for (let n = 1; n < words.length; n++) prefixes.add(words.slice(0, n).join('-'));
    for (const variant of keyVariants(key)) {
      const list = phrases.get(variant) ?? [];
      if (!list.some((h) => h.dimension === hit.dimension && h.tag === hit.tag)) list.push(hit);
      phrases.set(variant, list);
    }
  };
  for (const dimension of dimensions) {
    const dim = tax.byId.get(dimension);
    if (!dim) continue;
    for (const tag of dim.tags) {
      if (tag.id === dim.none_tag || tag.id === 'other') continue;
      const hit = { dimension, tag: tag.id };
      for (const k of [tag.id, ...(tag.aliases ?? []), ...tag.label.split(/\s*[/(),]\s*/)]) add(k, hit);
      for (const k of EXTRA_KEYWORDS[dimension]?.[tag.id] ?? []) add(k, hit);
    }
  }
  return { phrases, prefixes };
}

/** Add `weight` per keyword occurrence in `text` to `scores`. */
export function scoreKeywords(index: KeywordIndex, text: string, weight: number, scores: KeywordScores): void {
  const tokens = tokenize(text.toLowerCase());
  for (let i = 0; i < tokens.length; i++) {
    let key = tokens[i] as string;
    for (let j = i + 1; ; j++) {
      const hits = index.phrases.get(key);
      if (hits) {
        for (const h of hits) {
          const dimScores = scores.get(h.dimension) ?? new Map<string, number>();
          dimScores.set(h.tag, (dimScores.get(h.tag) ?? 0) + weight);
          scores.set(h.dimension, dimScores);
        }
      }
      if (j >= tokens.length || !index.prefixes.has(key)) break;
      key = `${key}-${tokens[j] as string}`;
    }
  }
}

/** Tags of one dimension with score >= min, best first (ties keep taxonomy order via stable sort). */
export function topTags(scores: KeywordScores, dimension: string, min: number, limit: number): Array<[string, number]> {
  const dim = scores.get(dimension);
  if (!dim) return [];
  return [...dim.entries()]
    .filter(([, s]) => s >= min)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit);
}
