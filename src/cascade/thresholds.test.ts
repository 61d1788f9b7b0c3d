import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../score/index.js';
import { chooseThreshold, proposeThresholds, type GoldItem } from './thresholds.js';
import { escalations } from './escalate.js';

const DIMS = [
  { id: 'a', call: 'call1' as const },
  { id: 'b', call: 'call1' as const },
  { id: 'c', call: 'call2' as const },
];

/** Synthetic gold: first model right with p 0.88, second with 0.95; confidence informative or flat. */
function items(n: number, flat: boolean, seed = 7): GoldItem[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const agree: Record<string, boolean> = {};
    const thenAgree: Record<string, boolean> = {};
    const confidence: Record<string, number> = {};
    for (const d of DIMS) {
      agree[d.id] = r() < 0.88;
      thenAgree[d.id] = r() < 0.95;
      const u = r();
      confidence[d.id] = Math.round(100 * (flat ? u : agree[d.id] ? 0.7 + 0.3 * u : 0.1 + 0.6 * u)) / 100;
    }
    return { id: `s${String(i).padStart(3, '0')}`, confidence, agree, thenAgree };
  });
}

describe('chooseThreshold', () => {
  it('takes the lowest threshold whose agreement reaches the target (hand computed)', () => {
    // confidences 0.2 (wrong), 0.5 (wrong), 0.8 (right), 0.9 (right); one model: kept agreement at t=0: 2/4,
    // t=0.2: 2/4, t=0.5: 2/3, t=0.8: 2/2.
    const its: GoldItem[] = [0.2, 0.5, 0.8, 0.9].map((c, i) => ({ id: `x${i}`, confidence: { a: c }, agree: { a: c > 0.6 } }));
    expect(chooseThreshold(its, 'a', 'single', 0.6)).toBe(0.5);
    expect(chooseThreshold(its, 'a', 'single', 0.9)).toBe(0.8);
    expect(chooseThreshold(its, 'a', 'single', 0.5)).toBe(0);
    // Cascade, second model always right: t=0.5 escalates the 0.2 one only (3/4), t=0.8 both wrong ones (4/4).
    const casc = its.map((i) => ({ ...i, thenAgree: { a: true } }));
    expect(chooseThreshold(casc, 'a', 'cascade', 1)).toBe(0.8);
    expect(chooseThreshold(casc, 'a', 'cascade', 0.75)).toBe(0.5);
  });
});

describe('proposeThresholds', () => {
  it('proposes a saving when confidence is informative, with out-of-fold estimates', () => {
    const { proposal } = proposeThresholds(items(300, false), { dimensions: DIMS, resamples: 300 });
    expect(proposal.mode).toBe('cascade');
    expect(proposal.informative).toBe(true);
    expect(proposal.saving).toBe(true);
    expect(proposal.thresholds).not.toBeNull();
    expect(proposal.escalation.value!).toBeLessThan(0.6);
    // As good as the second model alone, within the CI.
    expect(proposal.agreement.ci95![1]).toBeGreaterThanOrEqual(proposal.then_agreement!);
    expect(proposal.verdict).toMatch(/confidence informative/);
    for (const d of DIMS) expect(proposal.dimensions[d.id]!.verdict).toBe('informative');
  });

  it('says so and proposes nothing when confidence is flat random', () => {
    const { proposal } = proposeThresholds(items(300, true), { dimensions: DIMS, resamples: 300 });
    expect(proposal.informative).toBe(false);
    expect(proposal.saving).toBe(false);
    expect(proposal.thresholds).toBeNull();
    expect(proposal.verdict).toMatch(/uninformative.*no cascade saving proposed/);
  });

  it("never decides a sample's escalation with a threshold chosen on that sample", () => {
    const base = items(100, false);
    const { outOfFold } = proposeThresholds(base, { dimensions: DIMS, resamples: 0 });
    // Make sample 5 an extreme case that would move any threshold it took part in choosing.
    const changed = base.map((it, i) => (i === 5 ? { ...it, confidence: { a: 0.69, b: 0.69, c: 0.69 }, agree: { a: false, b: false, c: false } } : it));
    const again = proposeThresholds(changed, { dimensions: DIMS, resamples: 0 });
    expect(again.outOfFold.get('s005')).toEqual(outOfFold.get('s005'));
  });

  it('one model: thresholds for the kept labels', () => {
    const single = items(300, false).map(({ thenAgree: _, ...rest }) => rest);
    const { proposal } = proposeThresholds(single, { dimensions: DIMS, target: 0.95, resamples: 200 });
    expect(proposal.mode).toBe('single');
    expect(proposal.agreement.value!).toBeGreaterThan(0.93);
    expect(proposal.informative).toBe(true);
  });
});

describe('escalations and agreement', () => {
  it('escalates a call when any of its dimensions is below its threshold', () => {
    const e = escalations(DIMS, { a: 0.9, b: 0.4, c: 0.7 }, { b: 0.5, default: 0.6 });
    expect(e).toEqual([{ call: 'call1', low: [{ dimension: 'b', confidence: 0.4, threshold: 0.5 }] }]);
    expect(escalations(DIMS, { a: 0.9, b: 0.9 }, 0.5).map((x) => x.call)).toEqual(['call2']);
  });
});
