import type { Labels, Taxonomy } from '../taxonomy/index.js';
import { jaccardFromSizes } from './masi.js';

/**
 * Per-sample agreement of a prediction with gold on one dimension, in [0, 1]: 1 or 0 (exact tag) for single and
 * ordinal dimensions, the Jaccard similarity of the tag sets for multi dimensions (two empty sets: 1). A failed
 * labeling (null) or a missing value agrees 0. It is the per-item quantity the CI gate's paired test compares
 * (src/gate/README.md): its mean is accuracy (single, ordinal) or the mean Jaccard (multi).
 */
export function itemAgreement(taxonomy: Taxonomy, dim: string, gold: Labels, pred: Labels | null): number {
  const d = taxonomy.dimensions.find((x) => x.id === dim);
  if (!d) throw new Error(`itemAgreement: unknown dimension ${dim}`);
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
