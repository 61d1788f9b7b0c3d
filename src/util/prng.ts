/**
 * mulberry32: a small, fast 32-bit PRNG (Tommy Ettinger's public-domain design). Everything seeded in the project
 * uses it — bootstrap CIs, the mock server's answers, benchmark data — so a seed means the same stream everywhere.
 * Returns a function giving floats in [0, 1); each call makes an independent generator (no module state).
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
