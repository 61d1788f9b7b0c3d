import { binomialTwoSidedHalf } from './mcnemar.js';
import { mulberry32 } from './prng.js';

export interface SignFlipOptions {
  /** `less`: H1 says the differences are below 0 (B worse than A); `two-sided`: either way. */
  alternative: 'less' | 'two-sided';
  /** Random sign assignments when exact enumeration would be too large. Default 10000. */
  resamples?: number;
  /** Default 1: the same draws on every run, so a decision is reproducible. */
  seed?: number;
}

/** Enumerate every sign assignment up to this many non-zero differences (2^16 = 65,536 sums). */
const EXACT_MAX = 16;

/**
 * Paired sign-flip (randomization) test on per-item differences d_i = b_i - a_i: under H0 (A and B exchangeable on
 * every item, e.g. two runs of the same configuration) each d_i is as likely to be +|d_i| as -|d_i|, so the observed
 * sum is compared with the sums under every sign assignment. Zeros carry no information and are dropped.
 * - all non-zero |d_i| equal (right/wrong items): exact, the sign test = McNemar's exact test (binomial);
 * - at most 16 non-zero differences: exact enumeration;
 * - otherwise Monte Carlo with `resamples` random assignments and the +1 correction, p = (1 + hits) / (1 + R).
 * Returns 1 when every difference is 0.
 */
export function signFlipTest(diffs: readonly number[], options: SignFlipOptions): number {
  const d = diffs.filter((x) => Math.abs(x) > 1e-12);
  const n = d.length;
  if (n === 0) return 1;
  const observed = d.reduce((s, x) => s + x, 0);
  const abs = d.map(Math.abs);
  const tol = 1e-9 * (1 + abs.reduce((s, x) => s + x, 0));
  if (abs.every((x) => Math.abs(x - abs[0]!) <= 1e-12)) {
    const neg = d.filter((x) => x < 0).length;
    const pos = n - neg;
    if (options.alternative === 'two-sided') return binomialTwoSidedHalf(Math.min(neg, pos), n);
    // P(#positive <= observed #positive) under Binomial(n, 1/2).
    return lowerTail(pos, n);
  }
  const hit = (s: number): boolean => (options.alternative === 'less' ? s <= observed + tol : Math.abs(s) >= Math.abs(observed) - tol);
  if (n <= EXACT_MAX) {
    let hits = 0;
    const total = 1 << n;
    for (let mask = 0; mask < total; mask++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += mask & (1 << i) ? -abs[i]! : abs[i]!;
      if (hit(s)) hits++;
    }
    return hits / total;
  }
  const resamples = options.resamples ?? 10_000;
  const rand = mulberry32(options.seed ?? 1);
  let hits = 0;
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += rand() < 0.5 ? -abs[i]! : abs[i]!;
    if (hit(s)) hits++;
  }
  return (hits + 1) / (resamples + 1);
}

/** P(X <= k) for X ~ Binomial(n, 1/2). */
function lowerTail(k: number, n: number): number {
  // binomialTwoSidedHalf(k, n) = min(1, 2 P(X <= k)); below the middle it is not capped.
  if (2 * k < n) return binomialTwoSidedHalf(k, n) / 2;
  // At or past the middle: 1 - P(X >= k + 1) = 1 - P(X <= n - k - 1) by symmetry.
  return k >= n ? 1 : 1 - binomialTwoSidedHalf(n - k - 1, n) / 2;
}
