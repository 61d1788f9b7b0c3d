import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryKappa, cohenKappa, disagreementWeights, tableFrom, type Table } from './kappa.js';

/** Table from paired category codes. */
const tableOf = (g: number[], p: number[], k: number): Table => {
  const t = new Float64Array(k * k);
  g.forEach((x, i) => (t[x * k + p[i]!]! += 1));
  return { k, t };
};
const pairs = (k: number) =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: k - 1 }), fc.integer({ min: 0, max: k - 1 })), { minLength: 1, maxLength: 60 });

describe('cohenKappa', () => {
  it('is null (not NaN, not 1) when both raters use one and the same category', () => {
    const k = cohenKappa(tableFrom([[10, 0], [0, 0]]));
    expect(k.value).toBeNull();
    expect(k.reason).toMatch(/chance agreement is 1/);
    expect(cohenKappa(tableFrom([[10, 0], [0, 0]]), disagreementWeights(2, 'quadratic')).value).toBeNull();
  });

  it('is exactly 0 when only one rater is constant (p_e = p_o)', () => {
    expect(cohenKappa(tableFrom([[3, 2, 5], [0, 0, 0], [0, 0, 0]])).value).toBe(0);
  });

  it('is null on an empty table', () => {
    expect(cohenKappa(tableFrom([[0, 0], [0, 0]])).reason).toBe('no items');
  });

  it('is unchanged by a declared but unused end level, changed by an unused interior level (weighted)', () => {
    const g = [0, 1, 1, 2, 0, 2, 1];
    const p = [0, 2, 1, 1, 1, 2, 0];
    const base = tableOf(g, p, 3);
    const end = tableOf(g, p, 4);
    const interior = tableOf(g.map((x) => (x === 2 ? 3 : x)), p.map((x) => (x === 2 ? 3 : x)), 4);
    const q = (t: Table) => cohenKappa(t, disagreementWeights(t.k, 'quadratic')).value!;
    expect(q(end)).toBeCloseTo(q(base), 12);
    expect(Math.abs(q(interior) - q(base))).toBeGreaterThan(1e-6);
    expect(cohenKappa(interior).value).toBeCloseTo(cohenKappa(base).value!, 12);
  });

  it('property: within [-1, 1] whenever defined, plain and weighted', () => {
    fc.assert(
      fc.property(pairs(4), fc.constantFrom('none', 'linear', 'quadratic'), (ps, kind) => {
        const t = tableOf(ps.map((x) => x[0]), ps.map((x) => x[1]), 4);
        const v = cohenKappa(t, disagreementWeights(4, kind as 'none')).value;
        return v === null || (v >= -1 - 1e-12 && v <= 1 + 1e-12);
      }),
    );
  });

  it('property: perfect agreement gives 1 whenever more than one category is used', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 50 }), (g) => {
        const v = cohenKappa(tableOf(g, g, 5)).value;
        return new Set(g).size > 1 ? v === 1 : v === null;
      }),
    );
  });

  it('property: relabelling categories (any permutation) changes nothing, and swapping raters changes nothing', () => {
    fc.assert(
      fc.property(pairs(4), fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }), (ps, perm) => {
        const g = ps.map((x) => x[0]);
        const p = ps.map((x) => x[1]);
        const a = cohenKappa(tableOf(g, p, 4)).value;
        const b = cohenKappa(tableOf(g.map((x) => perm[x]!), p.map((x) => perm[x]!), 4)).value;
        const c = cohenKappa(tableOf(p, g, 4)).value;
        if (a === null) return b === null && c === null;
        return Math.abs(a - b!) < 1e-12 && Math.abs(a - c!) < 1e-12;
      }),
    );
  });
});

describe('binaryKappa', () => {
  it('agrees with cohenKappa on the 2x2 table', () => {
    expect(binaryKappa(20, 5, 10, 15).value).toBeCloseTo(cohenKappa(tableFrom([[20, 10], [5, 15]])).value!, 12);
  });

  it('is null when the tag is in every item on both sides; 0 when only ever in pred', () => {
    expect(binaryKappa(7, 0, 0, 0).value).toBeNull();
    expect(binaryKappa(0, 3, 0, 7).value).toBe(0);
  });
});
