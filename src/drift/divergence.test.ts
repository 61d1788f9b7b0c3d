import { describe, expect, it } from 'vitest';
import { chiSquareHomogeneity, chiSquareSf, totalVariation } from './divergence.js';

const m = (o: Record<string, number>): Map<string, number> => new Map(Object.entries(o));

describe('totalVariation', () => {
  it('is half the L1 distance of the proportions', () => {
    expect(totalVariation(m({ x: 30, y: 20 }), m({ x: 20, y: 30 }))).toBeCloseTo(0.2, 12);
    // A: x 50, y 30, r1 4, r2 1; B: x 30, y 50, r2 5 (n = 85 each): |diffs| = 20+20+4+4 -> 24/85.
    expect(totalVariation(m({ x: 50, y: 30, r1: 4, r2: 1 }), m({ x: 30, y: 50, r2: 5 }))).toBeCloseTo(24 / 85, 12);
  });
  it('is 0 for equal proportions, 1 for disjoint supports, null for an empty side', () => {
    expect(totalVariation(m({ x: 1, y: 3 }), m({ x: 10, y: 30 }))).toBeCloseTo(0, 12);
    expect(totalVariation(m({ x: 4 }), m({ y: 2 }))).toBe(1);
    expect(totalVariation(m({}), m({ y: 2 }))).toBeNull();
  });
});

describe('chiSquareSf', () => {
  it('matches reference values (scipy.stats.chi2.sf)', () => {
    expect(chiSquareSf(3.841458820694124, 1)).toBeCloseTo(0.05, 10);
    expect(chiSquareSf(10, 3)).toBeCloseTo(0.01856613546304325, 12);
    expect(chiSquareSf(1, 5)).toBeCloseTo(0.9625657732472964, 12);
    expect(chiSquareSf(30, 10)).toBeCloseTo(0.000856641210775301, 14);
    expect(chiSquareSf(0.5, 7)).toBeCloseTo(0.9994464813904249, 12);
    expect(chiSquareSf(200, 150)).toBeCloseTo(0.003973185970821635, 12);
  });
  it('is exp(-x/2) for df = 2 and 1 at x = 0', () => {
    for (const x of [0.1, 2, 13.3]) expect(chiSquareSf(x, 2)).toBeCloseTo(Math.exp(-x / 2), 13);
    expect(chiSquareSf(0, 4)).toBe(1);
  });
});

describe('chiSquareHomogeneity', () => {
  it('computes the 2 x 2 statistic by hand: expected 25 per cell, chi2 = 4, p = erfc(sqrt 2)', () => {
    const r = chiSquareHomogeneity(m({ x: 30, y: 20 }), m({ x: 20, y: 30 }))!;
    expect(r.statistic).toBeCloseTo(4, 12);
    expect(r.df).toBe(1);
    expect(r.p_value).toBeCloseTo(0.04550026389635842, 10);
    expect(r.pooled).toEqual([]);
  });
  it('computes a 2 x 3 table with unequal totals: (25+25)/15 + 0 + (25+25)/5 = 13.33, df 2', () => {
    const r = chiSquareHomogeneity(m({ x: 10, y: 10, z: 10 }), m({ x: 20, y: 10 }))!;
    expect(r.statistic).toBeCloseTo(40 / 3, 12);
    expect(r.df).toBe(2);
    expect(r.p_value).toBeCloseTo(Math.exp(-20 / 3), 12);
  });
  it('pools sparse categories (expected < 5), rarest first, until the pooled bin meets the threshold', () => {
    // r1 (total 4, expected 2) and r2 (total 6) pool into {5, 5}; x and y each give (10^2/40)*2 = 5.
    const r = chiSquareHomogeneity(m({ x: 50, y: 30, r1: 4, r2: 1 }), m({ x: 30, y: 50, r2: 5 }))!;
    expect(r.pooled).toEqual(['r1', 'r2']);
    expect(r.categories).toBe(3);
    expect(r.statistic).toBeCloseTo(10, 12);
    expect(r.p_value).toBeCloseTo(Math.exp(-5), 12);
  });
  it('is null with one category or an empty side', () => {
    expect(chiSquareHomogeneity(m({ x: 5 }), m({ x: 9 }))).toBeNull();
    expect(chiSquareHomogeneity(m({}), m({ x: 9, y: 1 }))).toBeNull();
  });
});

describe('chiSquareHomogeneity: too sparse', () => {
  it('is null when the pooled table still has a cell with expected count below the threshold', () => {
    expect(chiSquareHomogeneity(m({ x: 2, y: 2 }), m({ x: 3, z: 1 }))).toBeNull();
    expect(chiSquareHomogeneity(m({ x: 2, y: 2 }), m({ x: 3, z: 1 }), { minExpected: 1 })).not.toBeNull();
  });
});
