import { describe, expect, it } from 'vitest';
import { selectForReview, type ReviewCandidate } from './select.js';

const dims = ['intent', 'language', 'domain'];
const C = (index: number, confidence: Record<string, number>, failed = false): ReviewCandidate => ({ index, id: `s${index}`, failed, confidence });

describe('selectForReview', () => {
  const cands = [
    C(0, { intent: 0.9, language: 0.9, domain: 0.9 }),
    C(1, { intent: 0.7, language: 0.95, domain: 0.95 }), // min 0.7, mean 0.867
    C(2, { intent: 0.95, language: 0.7, domain: 0.7 }), // min 0.7, mean 0.783: before s1
    C(3, { intent: 0.2, language: 0.5, domain: 0.9 }, true), // failed: never in the low-confidence part
    C(4, { intent: 0.6, language: 0.3, domain: 0.99 }),
    C(5, {}), // no confidence: never in the low-confidence part
  ];

  it('lowest confidence first (ties: lower mean, then id), with the dimensions to check', () => {
    const picks = selectForReview(cands, { budget: 3, randomShare: 0, lookBelow: 0.65, dims });
    expect(picks.map((p) => [p.id, p.selection, p.priority, p.check])).toEqual([
      ['s4', 'low-confidence', 0.3, ['intent', 'language']], // both below 0.65, in taxonomy order
      ['s2', 'low-confidence', 0.7, ['language', 'domain']], // none below 0.65: its least confident ones (a tie)
      ['s1', 'low-confidence', 0.7, ['intent']],
    ]);
  });

  it('never fills the budget with failed records or records without confidence', () => {
    const picks = selectForReview(cands, { budget: 10, randomShare: 0, lookBelow: 0.65, dims });
    expect(picks.map((p) => p.id)).toEqual(['s4', 's2', 's1', 's0']);
  });

  it('draws round(N x share) records at random from all of them, checked on every dimension, then the lowest of the rest', () => {
    const picks = selectForReview(cands, { budget: 4, randomShare: 0.5, seed: 7, lookBelow: 0.65, dims });
    const random = picks.filter((p) => p.selection === 'random');
    const low = picks.filter((p) => p.selection === 'low-confidence');
    expect(random).toHaveLength(2);
    for (const r of random) expect(r.check).toEqual(dims);
    // The low-confidence part is the two lowest of the labeled records that were not drawn.
    const expected = ['s4', 's2', 's1', 's0'].filter((id) => !random.some((r) => r.id === id)).slice(0, 2);
    expect(low.map((p) => p.id)).toEqual(expected);
    expect(new Set(picks.map((p) => p.id)).size).toBe(4);
    // Seeded: the same seed draws the same records.
    expect(selectForReview(cands, { budget: 4, randomShare: 0.5, seed: 7, lookBelow: 0.65, dims })).toEqual(picks);
  });

  it('the random part is uniform: every record is drawn about equally often over seeds', () => {
    const counts = new Array<number>(cands.length).fill(0);
    for (let seed = 0; seed < 3000; seed++) {
      for (const p of selectForReview(cands, { budget: 1, randomShare: 1, seed, lookBelow: 0.65, dims })) counts[p.index]!++;
    }
    // 500 expected per record; a 5-sigma band of the binomial (sd ~ 20.4).
    for (const c of counts) expect(Math.abs(c - 500)).toBeLessThan(102);
  });

  it('refuses a share outside [0, 1]', () => {
    expect(() => selectForReview(cands, { budget: 1, randomShare: 1.5, lookBelow: 0.65, dims })).toThrow(RangeError);
  });
});
