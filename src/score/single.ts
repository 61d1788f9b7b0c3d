import type { Dimension, Labels, Taxonomy } from '../taxonomy/index.js';
import { cohenKappa, disagreementWeights, marginals, type Table } from './kappa.js';
import { defined, type Maybe, ratio, undefinedBecause } from './metric.js';

/** The category a missing or failed prediction falls into (counts as wrong, as in the reference script). */
export const NONE_LABEL = '<none>';

/**
 * One single-choice dimension encoded once as integer codes. `labels` = the taxonomy's tags in taxonomy order
 * (rank order for an ordinal dimension), then unknown tags in order of appearance, then `<none>` if needed.
 * `levels` = how many leading codes are declared ordinal levels (0 for a nominal dimension).
 */
export interface SingleData {
  labels: string[];
  levels: number;
  gold: Int32Array;
  pred: Int32Array;
}

export function encodeSingle(dim: Dimension, tax: Taxonomy, gold: readonly (Labels | null)[], pred: readonly (Labels | null)[]): SingleData {
  const declared = dim.ordinal ? [...(tax.ordinalLevels.get(dim.id) ?? [])] : dim.tags.map((t) => t.id);
  const labels = [...declared];
  const codes = new Map(labels.map((l, i) => [l, i]));
  const codeOf = (l: Labels | null): number => {
    const raw = l?.[dim.id];
    const value = raw === undefined ? NONE_LABEL : typeof raw === 'string' ? raw : raw.length === 0 ? NONE_LABEL : raw.join('+');
    let c = codes.get(value);
    if (c === undefined) {
      c = labels.length;
      labels.push(value);
      codes.set(value, c);
    }
    return c;
  };
  const g = Int32Array.from(gold, codeOf);
  const p = Int32Array.from(pred, codeOf);
  return { labels, levels: dim.ordinal ? declared.length : 0, gold: g, pred: p };
}

/** Confusion table (rows gold, columns pred) over `k` leading codes; items outside are skipped. w = multiplicities. */
export function confusion(d: SingleData, w: Int32Array | null, k = d.labels.length): Table {
  const t = new Float64Array(k * k);
  for (let i = 0; i < d.gold.length; i++) {
    const g = d.gold[i]!;
    const p = d.pred[i]!;
    if (g < k && p < k) t[g * k + p]! += w ? w[i]! : 1;
  }
  return { k, t };
}

export interface SingleMetrics {
  accuracy: Maybe;
  kappa: Maybe;
  macro_f1: Maybe;
}

/**
 * accuracy = trace / n; kappa = Cohen (1960); macro_f1 = unweighted mean over classes present in gold or pred of
 * F1_c = 2 TP / (2 TP + FP + FN) (a class never predicted has F1 0; sklearn `f1_score(average="macro")` with
 * labels = observed classes).
 */
export function singleMetrics(table: Table): SingleMetrics {
  const { k, t } = table;
  const { rows, cols, total } = marginals(table);
  let trace = 0;
  let f1Sum = 0;
  let present = 0;
  for (let c = 0; c < k; c++) {
    const tp = t[c * k + c]!;
    trace += tp;
    const denom = rows[c]! + cols[c]!;
    if (denom === 0) continue;
    present++;
    f1Sum += (2 * tp) / denom;
  }
  return {
    accuracy: ratio(trace, total, 'no items'),
    kappa: cohenKappa(table),
    macro_f1: ratio(f1Sum, present, 'no items'),
  };
}

export interface OrdinalMetrics {
  kappa_linear: Maybe;
  kappa_quadratic: Maybe;
  within_one: Maybe;
  mean_abs_error: Maybe;
  n_invalid: number;
}

/**
 * Weighted kappas (Cohen 1968) over the declared levels in rank order, never the observed ones (an unused interior
 * level changes the value; sklearn's default uses observed labels, sorted alphabetically for strings). Items whose
 * gold or pred is not a declared level (failed or unknown) are `n_invalid`: left out of the weighted kappas and the
 * mean absolute level error, counted as wrong in `within_one` (share of items within one level).
 */
export function ordinalMetrics(d: SingleData, w: Int32Array | null): OrdinalMetrics {
  const table = confusion(d, w, d.levels);
  let within = 0;
  let absErr = 0;
  let valid = 0;
  let total = 0;
  for (let i = 0; i < d.gold.length; i++) {
    const wi = w ? w[i]! : 1;
    total += wi;
    const g = d.gold[i]!;
    const p = d.pred[i]!;
    if (g >= d.levels || p >= d.levels) continue;
    valid += wi;
    const diff = Math.abs(g - p);
    absErr += wi * diff;
    if (diff <= 1) within += wi;
  }
  return {
    kappa_linear: quadraticOrLinear(table, 'linear'),
    kappa_quadratic: quadraticOrLinear(table, 'quadratic'),
    within_one: ratio(within, total, 'no items'),
    mean_abs_error: valid === 0 ? undefinedBecause('no item has a declared level on both sides') : defined(absErr / valid),
    n_invalid: total - valid,
  };
}

function quadraticOrLinear(table: Table, kind: 'linear' | 'quadratic'): Maybe {
  return cohenKappa(table, disagreementWeights(table.k, kind));
}
