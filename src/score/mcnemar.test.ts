import { describe, expect, it } from 'vitest';
import { binomialTwoSidedHalf, mcnemarExact } from './mcnemar.js';

describe('binomialTwoSidedHalf', () => {
  it('matches hand-computed binomial tails', () => {
    // b=1, c=9: 2 * (1 + 10) / 1024 = 0.021484375 (statsmodels mcnemar exact gives the same).
    expect(binomialTwoSidedHalf(1, 10)).toBeCloseTo(22 / 1024, 12);
    expect(binomialTwoSidedHalf(5, 10)).toBe(1);
    expect(binomialTwoSidedHalf(0, 0)).toBe(1);
  });

  it('stays finite and tiny for large lopsided counts', () => {
    const p = binomialTwoSidedHalf(10, 5000);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1e-100);
  });
});

describe('mcnemarExact', () => {
  it('counts discordant items only', () => {
    const a = Uint8Array.from([1, 1, 0, 0, 1, 0]);
    const b = Uint8Array.from([1, 0, 1, 1, 1, 1]);
    const r = mcnemarExact(a, b);
    expect(r.a_only).toBe(1);
    expect(r.b_only).toBe(3);
    expect(r.p_value).toBeCloseTo(2 * (1 + 4) / 16, 12);
  });
});
