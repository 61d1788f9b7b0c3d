import { gammaln } from 'simple-statistics';

export interface McNemarResult {
  /** Items right under A and wrong under B. */
  a_only: number;
  /** Items wrong under A and right under B. */
  b_only: number;
  /** Exact two-sided p-value; 1 when there are no discordant items. */
  p_value: number;
}

/**
 * McNemar's exact test (the binomial form): under H0 the discordant items split 50/50, so with b = a_only,
 * c = b_only, p = min(1, 2 * P(X <= min(b, c))), X ~ Binomial(b + c, 1/2). Same as statsmodels
 * `mcnemar(exact=True)`. Terms are summed in log space so large counts neither overflow nor underflow.
 */
export function mcnemarExact(aCorrect: Uint8Array, bCorrect: Uint8Array): McNemarResult {
  let b = 0;
  let c = 0;
  for (let i = 0; i < aCorrect.length; i++) {
    if (aCorrect[i] && !bCorrect[i]) b++;
    else if (!aCorrect[i] && bCorrect[i]) c++;
  }
  return { a_only: b, b_only: c, p_value: binomialTwoSidedHalf(Math.min(b, c), b + c) };
}

/** min(1, 2 P(X <= k)) for X ~ Binomial(n, 1/2). */
export function binomialTwoSidedHalf(k: number, n: number): number {
  if (n === 0) return 1;
  const logNFact = gammaln(n + 1);
  const logHalfN = n * Math.log(0.5);
  let p = 0;
  for (let x = 0; x <= k; x++) p += Math.exp(logNFact - gammaln(x + 1) - gammaln(n - x + 1) + logHalfN);
  return Math.min(1, 2 * p);
}
