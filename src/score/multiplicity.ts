/**
 * Multiple-comparison control over a family of p-values (one per test of a run).
 * - `holm`: Holm's step-down adjustment: controls the family-wise error rate (the chance of *any* false alarm) at
 *   alpha for any dependence between the tests. Adjusted p(i) = max over j <= i of min(1, (m - j + 1) p(j)), p sorted
 *   ascending.
 * - `bh`: Benjamini-Hochberg step-up: controls the false discovery rate (the expected share of false alarms among the
 *   tests called significant) for independent or positively dependent tests; more power, weaker promise.
 *   Adjusted p(i) = min over j >= i of min(1, m p(j) / j).
 * - `none`: the p-values as they are.
 * Same values as R's `p.adjust(p, "holm" | "BH")` and statsmodels' `multipletests(method="holm" | "fdr_bh")`.
 * A null p-value (no test) is not part of the family and stays null.
 */
export const CORRECTIONS = ['holm', 'bh', 'none'] as const;
export type Correction = (typeof CORRECTIONS)[number];

export function adjustPValues(pValues: readonly (number | null)[], method: Correction): (number | null)[] {
  const idx = pValues.flatMap((p, i) => (p === null ? [] : [i]));
  const out: (number | null)[] = pValues.map(() => null);
  const m = idx.length;
  if (method === 'none') return [...pValues];
  // Ascending p; ties keep input order (the adjusted values of tied p-values come out equal either way).
  const order = [...idx].sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  if (method === 'holm') {
    let running = 0;
    order.forEach((i, j) => {
      running = Math.max(running, Math.min(1, (m - j) * pValues[i]!));
      out[i] = running;
    });
  } else {
    let running = 1;
    for (let j = m - 1; j >= 0; j--) {
      const i = order[j]!;
      running = Math.min(running, Math.min(1, (m * pValues[i]!) / (j + 1)));
      out[i] = running;
    }
  }
  return out;
}
