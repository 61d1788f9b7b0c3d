/**
 * mulberry32: a small, fast 32-bit PRNG (Tommy Ettinger's public-domain design). Seeded so a bootstrap CI is the
 * same on every run and machine. Returns a function giving floats in [0, 1). Each call to `mulberry32` makes an
 * independent generator; no module state.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draw one bootstrap resample of n items as multiplicities: `w[i]` = how often item i was drawn (sums to n).
 * Metrics take these weights instead of a copied sample, so resampling never re-encodes labels.
 */
export function resampleWeights(n: number, rand: () => number, out: Int32Array = new Int32Array(n)): Int32Array {
  out.fill(0);
  for (let k = 0; k < n; k++) out[Math.floor(rand() * n)]! += 1;
  return out;
}
