import type { Dimension, Labels, Taxonomy } from '../taxonomy/index.js';
import { buildDimension, kindOf, type DimensionKind } from './dimension.js';
import { fleissKappa } from './fleiss.js';
import { krippendorffAlpha } from './krippendorff.js';
import { masiDistance } from './masi.js';
import { field, type Maybe } from './metric.js';
import { selectDimensions } from './score-labels.js';

export interface IaaOptions {
  /** annotator name -> (sample id -> labels). Items an annotator did not label are missing values. */
  annotations: ReadonlyMap<string, ReadonlyMap<string, Labels>>;
  taxonomy: Taxonomy;
  dims?: readonly string[];
}

export interface IaaPair {
  a: string;
  b: string;
  /** Items both annotators labeled. */
  n: number;
  [metric: string]: unknown;
}

export interface IaaDimension {
  kind: DimensionKind;
  /** Per annotator pair: kappa (single), plus kappa_linear/kappa_quadratic (ordinal); kappa_macro and alpha_masi (multi). */
  pairwise: IaaPair[];
  /** Fleiss' kappa over items every annotator labeled (single and ordinal dimensions only). */
  fleiss?: { kappa: number | null; kappa_note?: string; subjects: number };
  /** Krippendorff's alpha over all items with missing values: nominal, ordinal (rank order) or MASI. */
  alpha: { metric: 'nominal' | 'ordinal' | 'masi'; value: number | null; note?: string; units: number };
}

export interface IaaReport {
  version: 1;
  annotators: string[];
  /** Ids labeled by at least one annotator. */
  items: number;
  dimensions: Record<string, IaaDimension>;
}

const PAIR_FIELDS: Record<DimensionKind, string[]> = {
  single: ['kappa'],
  ordinal: ['kappa', 'kappa_linear', 'kappa_quadratic'],
  multi: ['kappa_macro', 'alpha_masi'],
};

/**
 * Inter-annotator agreement of several independent annotation passes over a gold set: pairwise Cohen's kappa per
 * dimension, Fleiss' kappa (single dimensions) and Krippendorff's alpha with missing values (nominal; ordinal over
 * rank for ordinal dimensions; MASI for multi). Pure: no I/O. Annotators are taken in name order.
 */
export function interAnnotatorAgreement(opts: IaaOptions): IaaReport {
  const annotators = [...opts.annotations.keys()].sort();
  const ids = [...new Set(annotators.flatMap((a) => [...opts.annotations.get(a)!.keys()]))].sort();
  const dimensions: Record<string, IaaDimension> = {};
  for (const dim of selectDimensions(opts.taxonomy, opts.dims)) {
    const kind = kindOf(dim);
    const out: IaaDimension = { kind, pairwise: pairwise(dim, opts, annotators), alpha: alphaOf(dim, opts, annotators, ids) };
    if (kind !== 'multi') out.fleiss = fleissOf(dim, opts, annotators, ids);
    dimensions[dim.id] = out;
  }
  return { version: 1, annotators, items: ids.length, dimensions };
}

function pairwise(dim: Dimension, opts: IaaOptions, annotators: string[]): IaaPair[] {
  const pairs: IaaPair[] = [];
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const A = opts.annotations.get(annotators[i]!)!;
      const B = opts.annotations.get(annotators[j]!)!;
      const ids = [...A.keys()].filter((id) => B.has(id)).sort();
      const s = buildDimension(dim, opts.taxonomy, ids.map((id) => A.get(id)!), ids.map((id) => B.get(id)!));
      const m = s.metrics();
      const picked: Record<string, unknown> = {};
      for (const f of PAIR_FIELDS[s.kind]) {
        picked[f] = m[f];
        if (m[`${f}_note`] !== undefined) picked[`${f}_note`] = m[`${f}_note`];
      }
      pairs.push({ a: annotators[i]!, b: annotators[j]!, n: ids.length, ...picked });
    }
  }
  return pairs;
}

/** One annotator's value on a dimension, or undefined when missing (item not labeled, or dimension absent). */
function dimValue(labels: Labels | undefined, dim: string): string | string[] | undefined {
  return labels?.[dim];
}

function fleissOf(dim: Dimension, opts: IaaOptions, annotators: string[], ids: string[]): NonNullable<IaaDimension['fleiss']> {
  const cats = new Map<string, number>();
  const rows: number[][] = [];
  for (const id of ids) {
    const vals = annotators.map((a) => dimValue(opts.annotations.get(a)!.get(id), dim.id));
    if (vals.some((v) => v === undefined)) continue;
    const row: number[] = [];
    for (const v of vals) {
      const key = String(v);
      if (!cats.has(key)) cats.set(key, cats.size);
      const c = cats.get(key)!;
      row[c] = (row[c] ?? 0) + 1;
    }
    rows.push(row);
  }
  const table = rows.map((r) => Array.from({ length: cats.size }, (_, c) => r[c] ?? 0));
  const f = fleissKappa(table);
  return { ...(field('kappa', f.kappa) as { kappa: number | null; kappa_note?: string }), subjects: f.subjects };
}

function alphaOf(dim: Dimension, opts: IaaOptions, annotators: string[], ids: string[]): IaaDimension['alpha'] {
  const kind = kindOf(dim);
  const raw = ids.map((id) => annotators.map((a) => dimValue(opts.annotations.get(a)!.get(id), dim.id)));
  let result: Maybe;
  let metric: IaaDimension['alpha']['metric'];
  if (kind === 'multi') {
    metric = 'masi';
    const units = raw.map((u) => u.map((v) => (v === undefined ? null : typeof v === 'string' ? [v] : v)));
    result = krippendorffAlpha<string[]>(units, { metric: (a, b) => masiDistance(a, b), key: (v) => [...new Set(v)].sort().join('\u0000') });
  } else if (kind === 'ordinal') {
    metric = 'ordinal';
    // Rank index in declared order; a value that is not a declared level is treated as missing.
    const levels = opts.taxonomy.ordinalLevels.get(dim.id) ?? [];
    const units = raw.map((u) => u.map((v) => (typeof v === 'string' && levels.includes(v) ? levels.indexOf(v) : null)));
    result = krippendorffAlpha<number>(units, { metric: 'ordinal' });
  } else {
    metric = 'nominal';
    result = krippendorffAlpha<string>(raw.map((u) => u.map((v) => (v === undefined ? null : String(v)))), { metric: 'nominal' });
  }
  const units = raw.filter((u) => u.filter((v) => v !== undefined).length >= 2).length;
  return { metric, value: result.value, ...(result.value === null ? { note: result.reason } : {}), units };
}
