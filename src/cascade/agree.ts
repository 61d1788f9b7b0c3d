import type { Labels } from '../taxonomy/index.js';

/**
 * Does a prediction agree with gold on one dimension? Exact agreement: the same tag (single), the same set of tags
 * (multi, order and repeats ignored). A missing prediction (failed sample, or the dimension absent) never agrees;
 * a dimension absent from gold is not scored (null). What "agrees with gold" means for thresholds and cascades.
 */
export function agreesWithGold(gold: Labels, pred: Labels | null, dimension: string): boolean | null {
  const g = gold[dimension];
  if (g === undefined) return null;
  const p = pred?.[dimension];
  if (p === undefined) return false;
  const gs = new Set(typeof g === 'string' ? [g] : g);
  const ps = new Set(typeof p === 'string' ? [p] : p);
  return gs.size === ps.size && [...gs].every((t) => ps.has(t));
}
