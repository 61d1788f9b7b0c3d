import { defined, type Maybe, undefinedBecause } from './metric.js';

/** Distance metrics of Krippendorff's alpha (δ², Krippendorff 2011), or any set distance such as MASI. */
export type AlphaMetric<V> = 'nominal' | 'ordinal' | 'interval' | 'ratio' | ((a: V, b: V) => number);

export interface AlphaOptions<V> {
  metric: AlphaMetric<V>;
  /** Identity of a value (default `String(v)`); sets need a canonical key such as sorted ids joined. */
  key?: (v: V) => string;
}

/**
 * Krippendorff's alpha = 1 - D_o / D_e over pairable values (units with at least two values; missing values are
 * `null`/`undefined`), computed from the coincidence matrix as in Krippendorff (2011) and NLTK's AnnotationTask.
 * `units[u][c]` is coder c's value for unit u. Numeric metrics ('ordinal', 'interval', 'ratio') need number values;
 * ordinal uses the marginal frequencies of the pairable values. Undefined (null) when fewer than 2 pairable values,
 * or when D_e = 0 (a single distinct value: NLTK returns 1 there; we say undefined).
 */
export function krippendorffAlpha<V>(units: readonly (readonly (V | null | undefined)[])[], opts: AlphaOptions<V>): Maybe {
  const key = opts.key ?? ((v: V) => String(v));
  const index = new Map<string, number>();
  const values: V[] = [];
  const pairable: number[][] = [];
  for (const unit of units) {
    const ids: number[] = [];
    for (const v of unit) {
      if (v === null || v === undefined) continue;
      const k = key(v);
      let id = index.get(k);
      if (id === undefined) {
        id = values.length;
        index.set(k, id);
        values.push(v);
      }
      ids.push(id);
    }
    if (ids.length >= 2) pairable.push(ids);
  }
  const m = values.length;
  const o = new Float64Array(m * m);
  for (const ids of pairable) {
    const share = 1 / (ids.length - 1);
    for (let a = 0; a < ids.length; a++) {
      for (let b = 0; b < ids.length; b++) if (a !== b) o[ids[a]! * m + ids[b]!]! += share;
    }
  }
  const nc = new Float64Array(m);
  let n = 0;
  for (let c = 0; c < m; c++) for (let k = 0; k < m; k++) nc[c]! += o[c * m + k]!;
  for (const x of nc) n += x;
  if (n < 2) return undefinedBecause('fewer than 2 pairable values');
  const delta = distanceMatrix(values, nc, opts.metric);
  let dObs = 0;
  let dExp = 0;
  for (let c = 0; c < m; c++) {
    for (let k = 0; k < m; k++) {
      const d = delta[c * m + k]!;
      if (d === 0) continue;
      dObs += o[c * m + k]! * d;
      dExp += nc[c]! * nc[k]! * d;
    }
  }
  if (dExp === 0) return undefinedBecause('no variation: all pairable values are the same');
  return defined(1 - ((n - 1) * dObs) / dExp);
}

function distanceMatrix<V>(values: V[], nc: Float64Array, metric: AlphaMetric<V>): Float64Array {
  const m = values.length;
  const d = new Float64Array(m * m);
  if (metric === 'ordinal') {
    // δ²(c,k) = (sum of n_g for g from c to k - (n_c + n_k)/2)^2, over the values in numeric order.
    const order = values.map((v, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
    const cum = new Float64Array(m + 1);
    const rank = new Int32Array(m);
    order.forEach((id, r) => {
      rank[id] = r;
      cum[r + 1] = cum[r]! + nc[id]!;
    });
    for (let c = 0; c < m; c++) {
      for (let k = 0; k < m; k++) {
        const lo = Math.min(rank[c]!, rank[k]!);
        const hi = Math.max(rank[c]!, rank[k]!);
        const x = cum[hi + 1]! - cum[lo]! - (nc[c]! + nc[k]!) / 2;
        d[c * m + k] = c === k ? 0 : x * x;
      }
    }
    return d;
  }
  for (let c = 0; c < m; c++) {
    for (let k = 0; k < m; k++) {
      const a = values[c]!;
      const b = values[k]!;
      if (metric === 'nominal') d[c * m + k] = c === k ? 0 : 1;
      else if (metric === 'interval') d[c * m + k] = ((a as number) - (b as number)) ** 2;
      else if (metric === 'ratio') {
        const s = (a as number) + (b as number);
        d[c * m + k] = s === 0 ? 0 : (((a as number) - (b as number)) / s) ** 2;
      } else d[c * m + k] = c === k ? 0 : metric(a, b);
    }
  }
  return d;
}
