/**
 * Suggestions for near-miss spellings of ids (`deepsek-v3.2` -> `deepseek-v3.2`), used by loaders so that a
 * message can say what was probably meant.
 */

/** Levenshtein edit distance (insert, delete, substitute; each costs 1). Case-sensitive. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

export interface DidYouMeanOptions {
  /** Largest distance still suggested; default: a third of the input's length, at least 1, at most 4. */
  maxDistance?: number;
  /** How many suggestions at most; default 3. */
  limit?: number;
}

/**
 * The candidates closest to `input` (compared case-insensitively), nearest first, ties in candidate order.
 * Empty when nothing is close enough — callers then list the valid choices instead.
 */
export function didYouMean(input: string, candidates: readonly string[], options: DidYouMeanOptions = {}): string[] {
  const needle = input.toLowerCase();
  const maxDistance = options.maxDistance ?? Math.min(4, Math.max(1, Math.floor(needle.length / 3)));
  const limit = options.limit ?? 3;
  return candidates
    .map((candidate, index) => ({ candidate, index, distance: editDistance(needle, candidate.toLowerCase()) }))
    .filter((c) => c.distance <= maxDistance && c.candidate !== input)
    .sort((x, y) => x.distance - y.distance || x.index - y.index)
    .slice(0, limit)
    .map((c) => c.candidate);
}

/** ` (did you mean a or b?)` or an empty string, for appending to a message. */
export function didYouMeanSuffix(input: string, candidates: readonly string[]): string {
  const hits = didYouMean(input, candidates);
  if (!hits.length) return '';
  return ` (did you mean ${hits.length === 1 ? hits[0] : `${hits.slice(0, -1).join(', ')} or ${hits[hits.length - 1]}`}?)`;
}
