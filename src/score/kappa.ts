import { defined, type Maybe, undefinedBecause } from './metric.js';

/**
 * A k x k contingency table, row-major: `t[i * k + j]` = weight of items rater 1 (gold) put in category i and
 * rater 2 (pred) in category j. Counts or proportions; every function here is scale-free.
 */
export interface Table {
  k: number;
  t: Float64Array;
}

export function tableFrom(rows: readonly (readonly number[])[]): Table {
  const k = rows.length;
  const t = new Float64Array(k * k);
  rows.forEach((row, i) => row.forEach((v, j) => (t[i * k + j] = v)));
  return { k, t };
}

/** Row and column marginals and the total. */
export function marginals({ k, t }: Table): { rows: Float64Array; cols: Float64Array; total: number } {
  const rows = new Float64Array(k);
  const cols = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const v = t[i * k + j]!;
      rows[i]! += v;
      cols[j]! += v;
      total += v;
    }
  }
  return { rows, cols, total };
}

/**
 * Disagreement weights for Cohen's weighted kappa (1968) over k ordered levels: `none` = [i != j] (gives plain
 * kappa), `linear` = |i - j|, `quadratic` = (i - j)^2. i and j are level indices in declared rank order; the value
 * does not depend on the weights' scale, so these equal sklearn's and irr's "equal" / "squared" weights.
 */
export function disagreementWeights(k: number, kind: 'none' | 'linear' | 'quadratic'): Float64Array {
  const w = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const d = Math.abs(i - j);
      w[i * k + j] = kind === 'none' ? (d === 0 ? 0 : 1) : kind === 'linear' ? d : d * d;
    }
  }
  return w;
}

/**
 * Cohen's kappa, or weighted kappa with disagreement weights w: kappa_w = 1 - sum w_ij p_ij / sum w_ij p_i+ p_+j
 * (Cohen 1960; Cohen 1968). With the default 0/1 weights this is (p_o - p_e) / (1 - p_e), as scikit-learn's
 * `cohen_kappa_score`. Undefined (null) when there are no items, or when expected disagreement is 0, i.e. chance
 * agreement is 1 (both raters used one and the same category): sklearn returns NaN there, nltk raises.
 */
export function cohenKappa(table: Table, weights: Float64Array = disagreementWeights(table.k, 'none')): Maybe {
  const { k, t } = table;
  const { rows, cols, total } = marginals(table);
  if (total === 0) return undefinedBecause('no items');
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    const ri = rows[i]!;
    for (let j = 0; j < k; j++) {
      const w = weights[i * k + j]!;
      if (w === 0) continue;
      observed += w * t[i * k + j]!;
      expected += (w * ri * cols[j]!) / total;
    }
  }
  if (expected === 0) return undefinedBecause('chance agreement is 1 (both sides used a single, identical category)');
  return defined(1 - observed / expected);
}

/**
 * Cohen's kappa for one binary tag from its 2x2 counts (tp = both have it, fp = pred only, fn = gold only,
 * tn = neither). Same definition and degenerate case as `cohenKappa`.
 */
export function binaryKappa(tp: number, fp: number, fn: number, tn: number): Maybe {
  const n = tp + fp + fn + tn;
  if (n === 0) return undefinedBecause('no items');
  const po = (tp + tn) / n;
  const pe = ((tp + fn) * (tp + fp) + (tn + fp) * (tn + fn)) / (n * n);
  if (pe === 1) return undefinedBecause('chance agreement is 1 (the tag is in every item on both sides, or in none)');
  return defined((po - pe) / (1 - pe));
}
