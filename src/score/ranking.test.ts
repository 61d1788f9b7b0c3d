import { describe, expect, it } from 'vitest';
import { describeRanking, rankAgainstBest } from './ranking.js';

describe('rankAgainstBest', () => {
  // p-values of each configuration against the best, as the paired bootstrap would give them.
  const P: Record<string, { diff: number; p_value: number }> = { b: { diff: -0.002, p_value: 0.94 }, c: { diff: -0.2, p_value: 0.01 }, d: { diff: -0.3, p_value: 0.02 } };
  const vsBest = (best: string, other: string) => (best === 'a' ? (P[other] ?? null) : null);

  it('compares every configuration with the best, Holm over the comparisons, and names the tie', () => {
    const r = rankAgainstBest({ configs: [{ config: 'c', overall: 0.46 }, { config: 'a', overall: 0.663 }, { config: 'b', overall: 0.661 }, { config: 'd', overall: 0.36 }, { config: 'e', overall: null }], vsBest });
    expect(r.best).toBe('a');
    expect(r.entries.map((e) => e.config)).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Holm over 3: 0.01 x 3 = 0.03, max(0.03, 0.02 x 2) = 0.04, max(0.04, 0.94) = 0.94.
    expect(r.entries.map((e) => e.p_adjusted)).toEqual([null, 0.94, 0.03, 0.04, null]);
    expect(r.tied).toEqual(['a', 'b']);
    expect(r.entries.find((e) => e.config === 'e')).toMatchObject({ rank: 5, tied_with_best: false });
    expect(describeRanking(r)).toBe('a and b are tied (p = 0.94, Holm-adjusted): the data cannot tell them apart; a has the highest point estimate');
  });

  it('with BH the same comparisons can leave fewer ties; a lone or clear winner is said so', () => {
    const r = rankAgainstBest({ configs: [{ config: 'a', overall: 0.7 }, { config: 'c', overall: 0.5 }], vsBest, correction: 'bh' });
    expect(r.tied).toEqual(['a']);
    expect(describeRanking(r)).toBe('best: a, significantly ahead of every other configuration (paired bootstrap, BH-adjusted p < 0.05)');
    expect(describeRanking(rankAgainstBest({ configs: [{ config: 'a', overall: 0.7 }], vsBest }))).toBe('best: a (the only configuration with an overall score)');
    expect(describeRanking(rankAgainstBest({ configs: [{ config: 'a', overall: null }], vsBest }))).toBe('no configuration has an overall score');
  });

  it('an undefined comparison counts as a tie: nothing shows the configuration is worse', () => {
    const r = rankAgainstBest({ configs: [{ config: 'a', overall: 0.7 }, { config: 'x', overall: 0.6 }], vsBest });
    expect(r.tied).toEqual(['a', 'x']);
    expect(describeRanking(r)).toMatch(/^a and x are tied \(p undefined, Holm-adjusted\)/);
  });
});
