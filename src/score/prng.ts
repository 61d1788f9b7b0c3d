import { mulberry32 } from '../util/prng.js';

export { mulberry32 };

/**
 * Draw one bootstrap resample of n items as multiplicities: `w[i]` = how often item i was drawn (sums to n).
 * Metrics take these weights instead of a copied sample, so resampling never re-encodes labels.
 */
export function resampleWeights(n: number, rand: () => number, out: Int32Array = new Int32Array(n)): Int32Array {
  out.fill(0);
  for (let k = 0; k < n; k++) out[Math.floor(rand() * n)]! += 1;
  return out;
}
