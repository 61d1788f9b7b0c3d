import { describe, expect, it } from 'vitest';
import { fleissKappa } from './fleiss.js';
import { krippendorffAlpha } from './krippendorff.js';

describe('fleissKappa', () => {
  it('with two raters equals Scott pi, not Cohen kappa (abstractors data: 0.7962397)', () => {
    // Gwet's cont3x3abstractors table as per-subject counts of two ratings.
    const table = [[13, 0, 0], [0, 20, 7], [0, 4, 56]];
    const counts: number[][] = [];
    table.forEach((row, i) => row.forEach((c, j) => {
      for (let x = 0; x < c; x++) counts.push([0, 1, 2].map((k) => (k === i ? 1 : 0) + (k === j ? 1 : 0)));
    }));
    expect(fleissKappa(counts).kappa.value).toBeCloseTo(0.7962397, 7);
  });

  it('is null when every rating is in one category, or rating counts differ', () => {
    expect(fleissKappa([[3, 0], [3, 0]]).kappa.value).toBeNull();
    expect(fleissKappa([[3, 0], [1, 1]]).kappa.reason).toMatch(/different numbers/);
    expect(fleissKappa([]).kappa.reason).toBe('no subjects');
  });
});

describe('krippendorffAlpha', () => {
  it('is null (NLTK returns 1) when all pairable values are the same', () => {
    const r = krippendorffAlpha([[1, 1], [1, 1, null]], { metric: 'nominal' });
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/no variation/);
  });

  it('ignores units with fewer than two values', () => {
    const a = krippendorffAlpha([[1, 1], [2, 2], [1, 2]], { metric: 'nominal' }).value;
    const b = krippendorffAlpha([[1, 1], [2, 2], [1, 2], [3, null], [null, null]], { metric: 'nominal' }).value;
    expect(b).toBe(a);
  });

  it('hand-derived small case: counts 1:6, 2:1, 3:1, two disagreeing units -> 1 - 7*4/26 = -1/13', () => {
    expect(krippendorffAlpha([[1, 1], [1, 2], [1, 3], [1, 1]], { metric: 'nominal' }).value).toBeCloseTo(-1 / 13, 12);
  });

  it('with 2 coders and no missing data equals 1 - ((2N-1)/2N)(1 - Scott pi): 0.7972585 on the abstractors data', () => {
    const units: number[][] = [];
    [[13, 0, 0], [0, 20, 7], [0, 4, 56]].forEach((row, i) => row.forEach((c, j) => {
      for (let x = 0; x < c; x++) units.push([i, j]);
    }));
    expect(krippendorffAlpha(units, { metric: 'nominal' }).value).toBeCloseTo(1 - (199 / 200) * (1 - 0.7962397), 7);
  });

  it('is null with fewer than two pairable values', () => {
    expect(krippendorffAlpha([[1, null]], { metric: 'nominal' }).reason).toMatch(/fewer than 2/);
  });
});
