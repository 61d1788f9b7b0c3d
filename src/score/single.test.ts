import { describe, expect, it } from 'vitest';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { confusion, encodeSingle, NONE_LABEL, ordinalMetrics, singleMetrics } from './single.js';

const tax = loadTaxonomy();
const difficulty = tax.byId.get('difficulty')!;
const intent = tax.byId.get('intent')!;
const D = (d: string): Labels => ({ difficulty: d });

describe('encodeSingle', () => {
  it('codes ordinal levels in rank order (never alphabetical), unknowns and <none> after', () => {
    const d = encodeSingle(difficulty, tax, [D('expert'), D('trivial')], [D('medium'), null]);
    expect(d.labels).toEqual(['trivial', 'easy', 'intermediate', 'advanced', 'expert', 'medium', NONE_LABEL]);
    expect(d.levels).toBe(5);
    expect([...d.gold]).toEqual([4, 0]);
    expect([...d.pred]).toEqual([5, 6]);
  });

  it('codes nominal tags in taxonomy order', () => {
    const d = encodeSingle(intent, tax, [{ intent: intent.tags[2]!.id }], [{ intent: intent.tags[0]!.id }]);
    expect(d.labels.slice(0, intent.tags.length)).toEqual(intent.tags.map((t) => t.id));
    expect([...d.gold]).toEqual([2]);
  });
});

describe('singleMetrics', () => {
  it('macro F1 averages over classes in gold or pred; a class never predicted has F1 0', () => {
    const d = encodeSingle(intent, tax, [{ intent: 'build' }, { intent: 'debug' }, { intent: 'build' }], [{ intent: 'build' }, { intent: 'build' }, { intent: 'build' }]);
    const m = singleMetrics(confusion(d, null));
    // build: tp 2, fp 1, fn 0 -> F1 0.8; debug: 0.
    expect(m.macro_f1.value).toBeCloseTo(0.4, 12);
    expect(m.accuracy.value).toBeCloseTo(2 / 3, 12);
    expect(m.kappa.value).toBe(0);
  });
});

describe('ordinalMetrics', () => {
  it('weights over declared levels: an unused interior level (easy) matters', () => {
    const g = ['trivial', 'intermediate', 'advanced', 'trivial', 'advanced'].map(D);
    const p = ['trivial', 'advanced', 'advanced', 'intermediate', 'intermediate'].map(D);
    const o = ordinalMetrics(encodeSingle(difficulty, tax, g, p), null);
    // Level indices 0,2,3 of 0..4; quadratic weights (i-j)^2 by hand:
    // observed: (2-3)^2 + (0-2)^2 + (3-2)^2 = 6 over 5 items; expected: rows {0:2,2:1,3:2} x cols {0:1,2:2,3:2} / 5.
    const rows = { 0: 2, 2: 1, 3: 2 } as Record<number, number>;
    const cols = { 0: 1, 2: 2, 3: 2 } as Record<number, number>;
    let exp = 0;
    for (const i of [0, 2, 3]) for (const j of [0, 2, 3]) exp += ((i - j) ** 2 * rows[i]! * cols[j]!) / 5;
    expect(o.kappa_quadratic.value).toBeCloseTo(1 - 6 / exp, 12);
    expect(o.within_one.value).toBeCloseTo(4 / 5, 12);
    expect(o.mean_abs_error.value).toBeCloseTo(4 / 5, 12);
    expect(o.n_invalid).toBe(0);
  });

  it('mean abs error is null (not 0) when no item has valid levels on both sides', () => {
    const o = ordinalMetrics(encodeSingle(difficulty, tax, [D('easy')], [null]), null);
    expect(o.mean_abs_error.value).toBeNull();
    expect(o.within_one.value).toBe(0);
    expect(o.kappa_quadratic.value).toBeNull();
    expect(o.n_invalid).toBe(1);
  });
});
