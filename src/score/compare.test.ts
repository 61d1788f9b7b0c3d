import { describe, expect, it } from 'vitest';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { comparePaired } from './compare.js';
import { scoreLabels } from './score-labels.js';

const tax = loadTaxonomy();
const intents = ['build', 'debug', 'learn', 'modify'];

/** 60 items; A right on the first `aRight`, B right on the first `bRight` (otherwise a fixed wrong intent). */
function fixture(aRight: number, bRight: number) {
  const gold = new Map<string, Labels>();
  const a = new Map<string, Labels | null>();
  const b = new Map<string, Labels | null>();
  for (let i = 0; i < 60; i++) {
    const g = intents[i % 4]!;
    const wrong = intents[(i + 1) % 4]!;
    gold.set(`s${i}`, { intent: g, language: ['python'] });
    a.set(`s${i}`, { intent: i < aRight ? g : wrong, language: ['python'] });
    b.set(`s${i}`, { intent: i < bRight ? g : wrong, language: ['python'] });
  }
  return { gold, a, b };
}

describe('comparePaired', () => {
  it('finds B clearly better: positive diff, CI above 0, small p, McNemar counts', () => {
    const { gold, a, b } = fixture(30, 58);
    const r = comparePaired({ gold, a, b, taxonomy: tax, dims: ['intent'], bootstrap: 500, seed: 3 });
    const d = r.dimensions.intent!;
    expect(d.diff).toBeGreaterThan(0);
    expect(d.diff_ci95![0]).toBeGreaterThan(0);
    expect(d.p_value!).toBeLessThan(0.01);
    expect(d.mcnemar).toMatchObject({ a_only: 0, b_only: 28 });
    expect(d.mcnemar.p_value).toBeLessThan(1e-6);
    // The headlines are those of scoring each configuration alone.
    const alone = scoreLabels({ gold, pred: b, taxonomy: tax, dims: ['intent'], bootstrap: 0 });
    expect(d.b).toBe(alone.dimensions.intent!.headline);
  });

  it('finds no difference between identical configurations', () => {
    const { gold, a } = fixture(40, 40);
    const r = comparePaired({ gold, a, b: a, taxonomy: tax, dims: ['intent'], bootstrap: 200 });
    expect(r.dimensions.intent!.diff).toBe(0);
    expect(r.dimensions.intent!.p_value).toBe(1);
    expect(r.dimensions.intent!.mcnemar.p_value).toBe(1);
    expect(r.overall.diff).toBe(0);
  });

  it('scores only ids present in gold, A and B, and lists the rest', () => {
    const { gold, a, b } = fixture(40, 40);
    a.delete('s1');
    b.set('extra', { intent: 'build' });
    b.set('s2', null);
    const r = comparePaired({ gold, a, b, taxonomy: tax, dims: ['intent'], bootstrap: 0 });
    expect(r.n).toBe(59);
    expect(r.excluded).toEqual({ missing_in_a: ['s1'], missing_in_b: [], not_in_gold: ['extra'] });
    expect(r.failed.b).toEqual(['s2']);
    expect(r.dimensions.intent!.diff_ci95).toBeNull();
  });
});
