import { describe, expect, it } from 'vitest';
import { adjustPValues } from './multiplicity.js';

describe('adjustPValues', () => {
  // Hand-computed; the same as R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm" | "BH").
  const p = [0.01, 0.04, 0.03, 0.005];

  it('holm: step-down, (m - j + 1) p(j) made monotone', () => {
    // sorted 0.005 0.01 0.03 0.04 -> 4x 0.005 = 0.02, 3x 0.01 = 0.03, 2x 0.03 = 0.06, max(0.06, 1x 0.04) = 0.06
    const adj = adjustPValues(p, 'holm');
    [0.03, 0.06, 0.06, 0.02].forEach((x, i) => expect(adj[i]).toBeCloseTo(x, 12));
  });

  it('bh: step-up, m p(j) / j made monotone from the top', () => {
    // 0.005*4/1 = 0.02, 0.01*4/2 = 0.02, 0.03*4/3 = 0.04, 0.04*4/4 = 0.04
    const adj = adjustPValues(p, 'bh');
    [0.02, 0.04, 0.04, 0.02].forEach((x, i) => expect(adj[i]).toBeCloseTo(x, 12));
  });

  it('leaves nulls out of the family, caps at 1, and none returns the input', () => {
    expect(adjustPValues([0.02, null, 0.5], 'holm')).toEqual([0.04, null, 0.5]);
    expect(adjustPValues([0.9, 0.8], 'holm')).toEqual([1, 1]);
    expect(adjustPValues([0.02, null], 'none')).toEqual([0.02, null]);
    expect(adjustPValues([], 'bh')).toEqual([]);
  });
});
