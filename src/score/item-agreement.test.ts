import { describe, expect, it } from 'vitest';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { itemAgreement } from './item-agreement.js';
import { scoreLabels } from './score-labels.js';

const taxonomy = loadTaxonomy();
const gold = new Map<string, Labels>([
  ['b', { intent: 'debug', difficulty: 'easy', language: ['python', 'sql'] }],
  ['a', { intent: 'build', difficulty: 'expert', language: [] }],
  ['c', { intent: 'learn', difficulty: 'easy', language: ['go'] }],
  ['gold-only', { intent: 'learn', difficulty: 'easy', language: ['go'] }],
]);
const pred = new Map<string, Labels | null>([
  ['a', null],
  ['b', { intent: 'debug', difficulty: 'intermediate', language: ['sql', 'python', 'sql'] }],
  ['c', { intent: 'build', difficulty: 'easy', language: ['go', 'rust'] }],
]);

describe('itemAgreement', () => {
  const r = itemAgreement({ gold, pred, taxonomy, dims: ['intent', 'difficulty', 'language'] });

  it('pairs ids like the scorer (sorted, both sides) and says per dimension which agree', () => {
    expect(r.ids).toEqual(['a', 'b', 'c']);
    expect(r.dimensions.intent).toEqual([false, true, false]);
    expect(r.dimensions.difficulty).toEqual([false, false, true]);
    // Multi: the same set, order and duplicates ignored; a failed prediction is the empty set (agrees with an empty gold).
    expect(r.dimensions.language).toEqual([true, true, false]);
  });

  it('is the per-sample view of accuracy and exact_match', () => {
    const s = scoreLabels({ gold, pred, taxonomy, dims: ['intent', 'language'], bootstrap: 0 });
    const share = (v: boolean[]) => v.filter(Boolean).length / v.length;
    expect(share(r.dimensions.intent!)).toBe((s.dimensions.intent as { accuracy: number }).accuracy);
    expect(share(r.dimensions.language!)).toBe((s.dimensions.language as { exact_match: number }).exact_match);
  });
});
