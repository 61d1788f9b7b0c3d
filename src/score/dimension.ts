import type { Dimension, Labels, Taxonomy } from '../taxonomy/index.js';
import type { Maybe } from './metric.js';
import { field } from './metric.js';
import { alphaMasi, encodeMulti, multiMetrics } from './multi.js';
import { confusion, encodeSingle, ordinalMetrics, singleMetrics } from './single.js';

export type DimensionKind = 'single' | 'ordinal' | 'multi';
export type HeadlineMetric = 'kappa' | 'kappa_quadratic' | 'alpha_masi';

/** The headline of each kind: kappa (single), quadratic weighted kappa (ordinal), alpha with MASI (multi). */
export const HEADLINE: Record<DimensionKind, HeadlineMetric> = { single: 'kappa', ordinal: 'kappa_quadratic', multi: 'alpha_masi' };

/** One dimension's gold and predictions, encoded once, able to compute its headline on any resample. */
export interface DimensionScorer {
  id: string;
  kind: DimensionKind;
  n: number;
  headlineMetric: HeadlineMetric;
  /** Headline with items weighted by multiplicities (null = every item once). */
  headline(w: Int32Array | null): Maybe;
  /** Per item: 1 when pred equals gold exactly on this dimension. */
  exact: Uint8Array;
  /** Every metric of the dimension as report fields (undefined values as `null` + `<metric>_note`). */
  metrics(): Record<string, unknown>;
}

export function kindOf(dim: Dimension): DimensionKind {
  return dim.selection === 'multi' ? 'multi' : dim.ordinal ? 'ordinal' : 'single';
}

export function buildDimension(dim: Dimension, tax: Taxonomy, gold: readonly (Labels | null)[], pred: readonly (Labels | null)[]): DimensionScorer {
  const kind = kindOf(dim);
  const n = gold.length;
  if (kind === 'multi') {
    const d = encodeMulti(dim, gold, pred);
    let cached: Maybe | undefined;
    const point = (): Maybe => (cached ??= alphaMasi(d, null));
    const exact = new Uint8Array(n);
    for (let i = 0; i < n; i++) exact[i] = d.goldSet[i] === d.predSet[i] ? 1 : 0;
    return {
      id: dim.id, kind, n, headlineMetric: 'alpha_masi', exact,
      headline: (w) => (w ? alphaMasi(d, w) : point()),
      metrics: () => {
        const m = multiMetrics(d, point());
        return {
          ...field('exact_match', m.exact_match),
          ...field('jaccard', m.jaccard),
          ...field('micro_f1', m.micro_f1),
          ...field('macro_f1', m.macro_f1),
          ...field('kappa_macro', m.kappa_macro),
          kappa_macro_tags: m.kappa_macro_tags,
          kappa_macro_undefined: m.kappa_macro_undefined,
          ...field('alpha_masi', m.alpha_masi),
          per_tag: m.per_tag,
        };
      },
    };
  }
  const d = encodeSingle(dim, tax, gold, pred);
  const exact = new Uint8Array(n);
  for (let i = 0; i < n; i++) exact[i] = d.gold[i] === d.pred[i] ? 1 : 0;
  const headline = kind === 'single' ? (w: Int32Array | null) => singleMetrics(confusion(d, w)).kappa : (w: Int32Array | null) => ordinalMetrics(d, w).kappa_quadratic;
  return {
    id: dim.id, kind, n, headlineMetric: HEADLINE[kind], exact, headline,
    metrics: () => {
      const table = confusion(d, null);
      const s = singleMetrics(table);
      const base = { ...field('accuracy', s.accuracy), ...field('kappa', s.kappa), ...field('macro_f1', s.macro_f1) };
      const matrix: number[][] = [];
      for (let i = 0; i < table.k; i++) matrix.push(Array.from(table.t.subarray(i * table.k, (i + 1) * table.k)));
      const conf = { confusion: { labels: d.labels, matrix } };
      if (kind === 'single') return { ...base, ...conf };
      const o = ordinalMetrics(d, null);
      return {
        ...base,
        ...field('kappa_linear', o.kappa_linear),
        ...field('kappa_quadratic', o.kappa_quadratic),
        ...field('within_one', o.within_one),
        ...field('mean_abs_error', o.mean_abs_error),
        n_invalid: o.n_invalid,
        ...conf,
      };
    },
  };
}
