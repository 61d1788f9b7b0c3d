import type { Labels, Taxonomy } from '../taxonomy/index.js';
import { alignById } from './align.js';
import { buildDimension } from './dimension.js';
import { selectDimensions } from './score-labels.js';
import { jaccardFromSizes } from './masi.js';

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


/**
 * Per-sample agreement of a prediction with gold on one dimension, in [0, 1]: 1 or 0 (exact tag) for single and
 * ordinal dimensions, the Jaccard similarity of the tag sets for multi dimensions (two empty sets: 1). A failed
 * labeling (null) or a missing value agrees 0. It is the per-item quantity the CI gate's paired test compares
 * (src/gate/README.md): its mean is accuracy (single, ordinal) or the mean Jaccard (multi). `itemAgreement` above is
 * its exact (all-or-nothing) sibling over whole label maps, what calibration counts as "correct".
 */
export function sampleAgreement(taxonomy: Taxonomy, dim: string, gold: Labels, pred: Labels | null): number {
  const d = taxonomy.dimensions.find((x) => x.id === dim);
  if (!d) throw new Error(`sampleAgreement: unknown dimension ${dim}`);
  const g = gold[dim];
  const p = pred?.[dim];
  if (p === undefined || p === null || g === undefined || g === null) return 0;
  if (d.selection !== 'multi') return String(g) === String(p) ? 1 : 0;
  const G = new Set(Array.isArray(g) ? g : [g]);
  const P = new Set(Array.isArray(p) ? p : [p]);
  let i = 0;
  for (const t of P) if (G.has(t)) i++;
  return jaccardFromSizes(G.size, P.size, i);
}
