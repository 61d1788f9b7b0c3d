import { HEADLINE, interAnnotatorAgreement, type IaaReport } from '../score/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import type { GoldSet } from './load.js';
import { agreementCounts, annotationPair, type AgreementCounts } from './pairs.js';

/** One dimension's agreement between two passes: the headline metric of its kind and the plain counts. */
export interface GoldIaaDimension extends AgreementCounts {
  kind: string;
  /** kappa (single), kappa_quadratic (ordinal), alpha_masi (multi): the same headline a labeler is scored on. */
  metric: string;
  value: number | null;
  note?: string;
}

export interface GoldIaa {
  a: string;
  b: string;
  dimensions: GoldIaaDimension[];
  /** Everything the scorer computed (pairwise kappas, Fleiss, Krippendorff alpha variants). */
  report: IaaReport;
}

/**
 * Inter-annotator agreement of two annotation passes of a gold set (default: the first two non-model passes),
 * per dimension, with the scorer's metrics (src/score), so the ceiling and model scores are measured the same way.
 */
export function goldIaa(set: GoldSet, tax: Taxonomy, names?: { a?: string; b?: string }): GoldIaa {
  const pair = annotationPair(set, names);
  const report = interAnnotatorAgreement({
    annotations: new Map([
      [pair.a, pair.passA],
      [pair.b, pair.passB],
    ]),
    taxonomy: tax,
  });
  const counts = new Map(agreementCounts(set, pair, tax).map((c) => [c.dimension, c]));
  const dimensions = tax.dimensions.map((dim): GoldIaaDimension => {
    const d = report.dimensions[dim.id];
    const metric = d ? HEADLINE[d.kind] : 'unknown';
    const p = d?.pairwise[0];
    const raw = p?.[metric];
    const note = p?.[`${metric}_note`];
    const c = counts.get(dim.id) ?? { dimension: dim.id, n: 0, agreed: 0, adjudicated: 0, gold_equals_a: 0, gold_equals_b: 0 };
    return {
      ...c,
      kind: d?.kind ?? 'unknown',
      metric,
      value: typeof raw === 'number' ? raw : null,
      ...(typeof note === 'string' ? { note } : {}),
    };
  });
  return { a: pair.a, b: pair.b, dimensions, report };
}
