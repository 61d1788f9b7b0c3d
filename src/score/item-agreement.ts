import type { Labels, Taxonomy } from '../taxonomy/index.js';
import { alignById } from './align.js';
import { buildDimension } from './dimension.js';
import { selectDimensions } from './score-labels.js';

export interface ItemAgreementOptions {
  gold: ReadonlyMap<string, Labels>;
  /** Predictions by id; null = labeling failed (never agrees, as in scoreLabels). */
  pred: ReadonlyMap<string, Labels | null>;
  taxonomy: Taxonomy;
  /** Dimension ids, default every taxonomy dimension in taxonomy order. */
  dims?: readonly string[];
}

export interface ItemAgreement {
  /** Ids in both gold and pred, sorted (the scorer's alignment). */
  ids: string[];
  /** Dimension id -> per id (same order as `ids`): does the prediction agree with gold on that dimension? */
  dimensions: Record<string, boolean[]>;
}

/**
 * Per sample and dimension, whether the prediction agrees with gold: the scorer's per-item exact agreement, the one
 * behind `accuracy` (single, ordinal), `exact_match` (multi: the same set of tags, order and duplicates ignored) and
 * McNemar's test. A failed prediction (null) or a dimension missing from the labels never agrees (unless gold is the
 * empty set on a multi dimension, exactly as `exact_match` counts it). Pure.
 */
export function itemAgreement(opts: ItemAgreementOptions): ItemAgreement {
  const aligned = alignById(opts.gold, opts.pred);
  const dimensions: Record<string, boolean[]> = {};
  for (const dim of selectDimensions(opts.taxonomy, opts.dims)) {
    const scorer = buildDimension(dim, opts.taxonomy, aligned.gold, aligned.pred);
    dimensions[dim.id] = Array.from(scorer.exact, (v) => v === 1);
  }
  return { ids: aligned.ids, dimensions };
}
