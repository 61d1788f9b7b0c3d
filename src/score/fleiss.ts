import { defined, type Maybe, undefinedBecause } from './metric.js';

export interface FleissResult {
  kappa: Maybe;
  /** Mean per-subject agreement P̄. */
  p_bar: number | null;
  /** Chance agreement P̄e = sum of squared category proportions. */
  pe_bar: number | null;
  subjects: number;
}

/**
 * Fleiss' kappa (Fleiss 1971) from a subjects x categories count table, every subject rated the same number of
 * times m >= 2: P_i = (sum_k r_ik^2 - m) / (m(m-1)), P̄ = mean P_i, p_k = sum_i r_ik / (N m), P̄e = sum p_k^2,
 * kappa = (P̄ - P̄e) / (1 - P̄e). With two raters this is Scott's pi, not Cohen's kappa. Undefined (null) with no
 * subjects, unequal rating counts, m < 2, or P̄e = 1 (every rating in one category; statsmodels gives NaN).
 */
export function fleissKappa(counts: readonly (readonly number[])[]): FleissResult {
  const none = (reason: string): FleissResult => ({ kappa: undefinedBecause(reason), p_bar: null, pe_bar: null, subjects: counts.length });
  if (counts.length === 0) return none('no subjects');
  const sums = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const m = sums[0]!;
  if (sums.some((s) => s !== m)) return none('subjects have different numbers of ratings');
  if (m < 2) return none('fewer than 2 ratings per subject');
  const k = counts[0]!.length;
  const catTotals = new Float64Array(k);
  let pSum = 0;
  for (const row of counts) {
    let sq = 0;
    row.forEach((r, j) => {
      sq += r * r;
      catTotals[j]! += r;
    });
    pSum += (sq - m) / (m * (m - 1));
  }
  const pBar = pSum / counts.length;
  let peBar = 0;
  for (const t of catTotals) peBar += (t / (counts.length * m)) ** 2;
  const kappa = peBar === 1 ? undefinedBecause('chance agreement is 1 (every rating in one category)') : defined((pBar - peBar) / (1 - peBar));
  return { kappa, p_bar: pBar, pe_bar: peBar, subjects: counts.length };
}
