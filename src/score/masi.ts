/**
 * MASI distance (Passonneau 2006) between two label sets, from their sizes alone: s = |A|, t = |B|, i = |A ∩ B|.
 * Similarity = J * M with J = i / |A ∪ B| and monotonicity M = 1 when A = B, 2/3 when one contains the other,
 * 1/3 when they overlap without containment, 0 when disjoint; distance = 1 - J * M. Exact thirds: NLTK rounds them
 * to 0.67 / 0.33, so its values differ in the third decimal. Two empty sets are identical: distance 0 (NLTK
 * divides by zero there).
 */
export function masiFromSizes(s: number, t: number, i: number): number {
  if (s === t && i === s) return 0;
  if (i === 0) return 1;
  const j = i / (s + t - i);
  const m = i === s || i === t ? 2 / 3 : 1 / 3;
  return 1 - j * m;
}

/** MASI distance between two sets of any comparable values. */
export function masiDistance<T>(a: Iterable<T>, b: Iterable<T>): number {
  const A = new Set(a);
  const B = new Set(b);
  let i = 0;
  for (const x of A) if (B.has(x)) i++;
  return masiFromSizes(A.size, B.size, i);
}

/** Jaccard similarity of two sets from their sizes; two empty sets count 1 (sklearn's default would say 0). */
export function jaccardFromSizes(s: number, t: number, i: number): number {
  const union = s + t - i;
  return union === 0 ? 1 : i / union;
}
