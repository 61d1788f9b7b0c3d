import { describe, expect, it } from 'vitest';
import { signFlipTest } from './paired-test.js';

describe('signFlipTest', () => {
  it('right/wrong differences: the one-sided sign test (binomial), zeros dropped', () => {
    // 5 worse, 0 better: P(X <= 0), X ~ Bin(5, 1/2) = 1/32
    expect(signFlipTest([-1, -1, -1, -1, -1, 0, 0], { alternative: 'less' })).toBeCloseTo(1 / 32, 12);
    // 3 worse, 1 better: P(X <= 1), X ~ Bin(4, 1/2) = 5/16
    expect(signFlipTest([-1, -1, -1, 1], { alternative: 'less' })).toBeCloseTo(5 / 16, 12);
    // 2 and 2: P(X <= 2) = 11/16; two-sided: McNemar exact = 1
    expect(signFlipTest([-1, -1, 1, 1], { alternative: 'less' })).toBeCloseTo(11 / 16, 12);
    expect(signFlipTest([-1, -1, 1, 1], { alternative: 'two-sided' })).toBe(1);
    expect(signFlipTest([1, 1, 1], { alternative: 'less' })).toBe(1);
    expect(signFlipTest([0, 0], { alternative: 'less' })).toBe(1);
  });

  it('unequal differences: exact enumeration of the 2^n sign assignments', () => {
    // sums of ±0.5 ±0.2 ±0.1: -0.8 -0.6 -0.4 -0.2 0.2 0.4 0.6 0.8; observed -0.6: 2 of 8 at or below
    expect(signFlipTest([-0.5, -0.2, 0.1], { alternative: 'less' })).toBeCloseTo(2 / 8, 12);
    // two-sided: |sum| >= 0.6: 4 of 8
    expect(signFlipTest([-0.5, -0.2, 0.1], { alternative: 'two-sided' })).toBeCloseTo(4 / 8, 12);
  });

  it('more than 16 unequal differences: Monte Carlo, close to exact enumeration, reproducible by seed', () => {
    const d = Array.from({ length: 18 }, (_, i) => (i % 3 === 0 ? 0.5 : -0.25 - (i % 5) * 0.05));
    const observed = d.reduce((s, x) => s + x, 0);
    let hits = 0;
    for (let mask = 0; mask < 1 << d.length; mask++) {
      let s = 0;
      d.forEach((x, i) => (s += mask & (1 << i) ? -Math.abs(x) : Math.abs(x)));
      if (s <= observed + 1e-9) hits++;
    }
    const exact = hits / (1 << d.length);
    const p = signFlipTest(d, { alternative: 'less', resamples: 100_000, seed: 3 });
    expect(Math.abs(p - exact)).toBeLessThan(0.005); // 100k draws: standard error ~0.0015
    expect(signFlipTest(d, { alternative: 'less', resamples: 100_000, seed: 3 })).toBe(p);
  });
});
