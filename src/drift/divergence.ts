/**
 * Pure statistics of drift: total variation distance and Pearson's chi-square test of homogeneity (2 x k table),
 * with the chi-square survival function computed from the regularised upper incomplete gamma function.
 */

/** Minimum expected count per cell before categories are pooled (Cochran's rule of thumb). */
export const MIN_EXPECTED = 5;

/**
 * Total variation distance between two count vectors over the same categories: half the L1 distance of their
 * proportions, in [0, 1]. Null when either side has no counts (no distribution to compare).
 */
export function totalVariation(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number | null {
  const na = sum(a.values());
  const nb = sum(b.values());
  if (na === 0 || nb === 0) return null;
  let d = 0;
  for (const key of new Set([...a.keys(), ...b.keys()])) d += Math.abs((a.get(key) ?? 0) / na - (b.get(key) ?? 0) / nb);
  return d / 2;
}

export interface ChiSquareResult {
  statistic: number;
  df: number;
  p_value: number;
  /** Categories after pooling (the pooled bin counts as one). */
  categories: number;
  /** Categories merged into one `(pooled)` bin because an expected count was below `minExpected`. */
  pooled: string[];
}

/**
 * Pearson's chi-square test that two samples come from the same categorical distribution (2 x k contingency
 * table, df = k - 1). Sparse cells: categories whose smaller expected count is below `minExpected` are merged,
 * rarest first, into one pooled bin until every remaining cell meets it. Null when a side is empty, or when fewer
 * than two cells remain or a cell is still sparse after pooling: the chi-square approximation would not hold.
 */
export function chiSquareHomogeneity(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
  options: { minExpected?: number } = {},
): ChiSquareResult | null {
  const minExpected = options.minExpected ?? MIN_EXPECTED;
  const na = sum(a.values());
  const nb = sum(b.values());
  if (na === 0 || nb === 0) return null;
  const n = na + nb;
  const rows = [...new Set([...a.keys(), ...b.keys()])]
    .map((key) => ({ key, a: a.get(key) ?? 0, b: b.get(key) ?? 0 }))
    .filter((r) => r.a + r.b > 0)
    // Rarest first, ties by name, so the pooling order is deterministic.
    .sort((x, y) => x.a + x.b - (y.a + y.b) || x.key.localeCompare(y.key));
  const expectedMin = (total: number): number => (total * Math.min(na, nb)) / n;
  const pooled: string[] = [];
  let bin = { a: 0, b: 0 };
  while (rows.length > 1) {
    const rarest = rows[0]!;
    const binSmall = pooled.length > 0 && expectedMin(bin.a + bin.b) < minExpected;
    if (expectedMin(rarest.a + rarest.b) >= minExpected && !binSmall) break;
    rows.shift();
    pooled.push(rarest.key);
    bin = { a: bin.a + rarest.a, b: bin.b + rarest.b };
  }
  const cells = [...rows.map((r) => ({ a: r.a, b: r.b })), ...(pooled.length ? [bin] : [])];
  // Too sparse even after pooling: the chi-square approximation would not hold, so there is no test.
  if (cells.length < 2 || cells.some((c) => expectedMin(c.a + c.b) < minExpected)) return null;
  let statistic = 0;
  for (const c of cells) {
    const total = c.a + c.b;
    const ea = (total * na) / n;
    const eb = (total * nb) / n;
    statistic += (c.a - ea) ** 2 / ea + (c.b - eb) ** 2 / eb;
  }
  const df = cells.length - 1;
  return { statistic, df, p_value: chiSquareSf(statistic, df), categories: cells.length, pooled: pooled.sort() };
}

/** P(X >= x) for X ~ chi-square(df): the regularised upper incomplete gamma Q(df/2, x/2). */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chi-square df must be > 0, got ${df}`);
  if (x <= 0) return 1;
  return gammaQ(df / 2, x / 2);
}

/** Regularised upper incomplete gamma Q(s, x): series for x < s + 1, continued fraction (Lentz) otherwise. */
function gammaQ(s: number, x: number): number {
  const logPrefix = s * Math.log(x) - x - logGamma(s);
  if (x < s + 1) {
    let term = 1 / s;
    let total = term;
    for (let k = 1; k < 1000; k++) {
      term *= x / (s + k);
      total += term;
      if (Math.abs(term) < Math.abs(total) * 1e-16) break;
    }
    return Math.max(0, 1 - total * Math.exp(logPrefix));
  }
  const tiny = 1e-300;
  let b = x + 1 - s;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.min(1, Math.exp(logPrefix) * h);
}

/** ln Γ(z) for z > 0 (Lanczos approximation, g = 7, n = 9; relative error ~1e-15). */
function logGamma(z: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  const zz = z - 1;
  let a = c[0]!;
  const t = zz + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (zz + i);
  return 0.5 * Math.log(2 * Math.PI) + (zz + 0.5) * Math.log(t) - t + Math.log(a);
}

function sum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
