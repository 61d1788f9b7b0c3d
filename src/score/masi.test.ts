import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlphaMasi } from './alpha-masi.js';
import { krippendorffAlpha } from './krippendorff.js';
import { jaccardFromSizes, masiDistance, masiFromSizes } from './masi.js';

describe('masiDistance', () => {
  it('two empty sets are identical (0); empty vs non-empty is 1', () => {
    expect(masiDistance([], [])).toBe(0);
    expect(masiDistance([], ['a'])).toBe(1);
  });

  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 6 })), fc.uniqueArray(fc.integer({ min: 0, max: 6 })), (a, b) => {
        const d = masiDistance(a, b);
        return d === masiDistance(b, a) && d >= 0 && d <= 1;
      }),
    );
  });
});

describe('jaccardFromSizes', () => {
  it('two empty sets count 1 (sklearn default would say 0)', () => {
    expect(jaccardFromSizes(0, 0, 0)).toBe(1);
    expect(jaccardFromSizes(2, 3, 1)).toBeCloseTo(0.25, 12);
  });
});

/** Generic alpha on two coders, for checking the fast subset-moment version. */
const slowAlpha = (items: Array<[number[], number[]]>) =>
  krippendorffAlpha(items, { metric: (a, b) => masiDistance(a, b), key: (s) => [...s].sort((x, y) => x - y).join(',') }).value;

const fastAlpha = (items: Array<[number[], number[]]>, w: Int32Array | null = null) => {
  const index = new Map<string, number>();
  const sets: Int32Array[] = [];
  const id = (s: number[]) => {
    const arr = Int32Array.from(new Set(s)).sort();
    const key = arr.join(',');
    if (!index.has(key)) {
      index.set(key, sets.length);
      sets.push(arr);
    }
    return index.get(key)!;
  };
  const g = Int32Array.from(items, (x) => id(x[0]));
  const p = Int32Array.from(items, (x) => id(x[1]));
  const dist = Float64Array.from(items, (x) => masiDistance(x[0], x[1]));
  return new AlphaMasi(sets).alpha(dist, g, p, w, sets.length).value;
};

describe('AlphaMasi', () => {
  it('reproduces the constructed example 7/32', () => {
    expect(fastAlpha([[[0], [0]], [[0, 1], [0]], [[1], [2]]])).toBeCloseTo(7 / 32, 12);
  });

  it('is null when every set on both sides is the same (NLTK would return 1)', () => {
    expect(fastAlpha([[[], []], [[], []]])).toBeNull();
    expect(fastAlpha([[[1, 2], [1, 2]]])).toBeNull();
  });

  it('property: equals the generic coincidence-matrix alpha with MASI distance', () => {
    const set = fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { maxLength: 4 });
    fc.assert(
      fc.property(fc.array(fc.tuple(set, set), { minLength: 1, maxLength: 40 }), (items) => {
        const a = slowAlpha(items);
        const b = fastAlpha(items);
        return a === null ? b === null : b !== null && Math.abs(a - b) < 1e-9;
      }),
    );
  });

  it('falls back to pairwise sums for a runaway set (15 tags) and still agrees with the generic alpha', () => {
    const big = Array.from({ length: 15 }, (_, i) => i);
    const items: Array<[number[], number[]]> = [[[0], big], [[1, 2], [1]], [[3], [3]], [big, [0, 1]]];
    expect(fastAlpha(items)).toBeCloseTo(slowAlpha(items)!, 12);
  });

  it('property: the pair-table, subset and pairwise methods give the same sum (table and subsets bit for bit)', () => {
    const set = fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { maxLength: 11 });
    fc.assert(
      fc.property(fc.array(set, { minLength: 1, maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 30, maxLength: 30 }), (raw, weights) => {
        const sets = [...new Map(raw.map((x) => [[...x].sort((a, b) => a - b).join(','), Int32Array.from([...x].sort((a, b) => a - b))])).values()];
        const counts = Float64Array.from(sets, (_, i) => weights[i]!);
        const table = new AlphaMasi(sets, { method: 'table' }).pairDistanceSum(counts);
        const subsets = new AlphaMasi(sets, { method: 'subsets' }).pairDistanceSum(counts);
        const direct = new AlphaMasi(sets, { method: 'direct' }).pairDistanceSum(counts);
        const auto = new AlphaMasi(sets).pairDistanceSum(counts);
        return table === subsets && auto === table && Math.abs(table - direct) <= 1e-9 * Math.max(1, direct);
      }),
    );
  });

  it('refuses a method that cannot hold the sets instead of answering wrongly', () => {
    const big = Int32Array.from({ length: 13 }, (_, i) => i);
    expect(() => new AlphaMasi([big], { method: 'subsets' })).toThrow(RangeError);
    expect(() => new AlphaMasi([Int32Array.from({ length: 40 }, (_, i) => i)], { method: 'table' })).toThrow(RangeError);
    expect(new AlphaMasi([big, Int32Array.from([0])], { method: 'auto' }).pairDistanceSum(Float64Array.from([1, 1]))).toBeCloseTo(2 * masiFromSizes(13, 1, 1), 12);
  });

  it('property: weights equal repeating items', () => {
    const set = fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });
    fc.assert(
      fc.property(fc.array(fc.tuple(set, set, fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 20 }), (rows) => {
        const items = rows.map((r) => [r[0], r[1]] as [number[], number[]]);
        const w = Int32Array.from(rows, (r) => r[2]);
        const repeated = rows.flatMap((r) => Array.from({ length: r[2] }, () => [r[0], r[1]] as [number[], number[]]));
        const a = repeated.length ? slowAlpha(repeated) : null;
        const b = fastAlpha(items, w);
        return a === null ? b === null : b !== null && Math.abs(a - b) < 1e-9;
      }),
    );
  });
});

describe('masiFromSizes', () => {
  it('uses exact thirds', () => {
    expect(masiFromSizes(2, 4, 2)).toBeCloseTo(1 - 0.5 * (2 / 3), 15);
    expect(masiFromSizes(4, 3, 2)).toBeCloseTo(1 - 0.4 / 3, 15);
  });
});
