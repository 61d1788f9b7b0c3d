import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { bootstrap, bootstrapPValue, percentileCi } from './bootstrap.js';
import { mulberry32, resampleWeights } from './prng.js';
import { scoreLabels } from './score-labels.js';

describe('mulberry32', () => {
  it('is deterministic per seed and uniform enough', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 10000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(m - 0.5)).toBeLessThan(0.02);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });
});

describe('resampleWeights', () => {
  it('draws n items with replacement', () => {
    const w = resampleWeights(50, mulberry32(1));
    expect(w.reduce((a, b) => a + b, 0)).toBe(50);
  });
});

describe('bootstrap', () => {
  it('passes the same resample to every statistic and skips null values', () => {
    const seen: number[][] = [];
    const out = bootstrap({ n: 5, resamples: 3, seed: 9 }, [
      (w) => (seen.push([...w]), w[0]!),
      (w) => (seen.at(-1)!.join() === [...w].join() ? 1 : 0),
      () => null,
    ]);
    expect(out[1]).toEqual([1, 1, 1]);
    expect(out[2]).toEqual([]);
  });
});

describe('percentileCi', () => {
  it('takes the 2.5% and 97.5% quantiles with linear interpolation', () => {
    expect(percentileCi([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10)).toEqual([1.225, 9.775]);
  });
  it('is null when fewer than half the resamples were defined', () => {
    expect(percentileCi([0.5], 10)).toBeNull();
  });
});

describe('bootstrapPValue', () => {
  it('is small when every difference is on one side, 1 when centred on 0', () => {
    expect(bootstrapPValue(Array(999).fill(0.1))).toBeCloseTo(2 / 1000, 12);
    expect(bootstrapPValue([-1, 1, -1, 1])).toBe(1);
  });
});

describe('headline CIs (property)', () => {
  const tax = loadTaxonomy();
  const intents = ['build', 'debug', 'learn', 'modify'];
  const levels = tax.ordinalLevels.get('difficulty')!;
  const concept = tax.byId.get('language')!.tags.slice(0, 5).map((t) => t.id);
  it('every bootstrap CI contains its point estimate', () => {
    const item = fc.record({
      gi: fc.integer({ min: 0, max: 3 }),
      agree: fc.integer({ min: 0, max: 9 }),
      pi: fc.integer({ min: 0, max: 3 }),
      gd: fc.integer({ min: 0, max: 4 }),
      dd: fc.integer({ min: -1, max: 1 }),
      gs: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
      ps: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(item, { minLength: 30, maxLength: 80 }), fc.integer(), (items, seed) => {
        const gold = new Map<string, Labels>();
        const pred = new Map<string, Labels | null>();
        items.forEach((x, i) => {
          const ok = x.agree < 7; // mostly agreeing, as real labelers do
          gold.set(`s${i}`, { intent: intents[x.gi]!, difficulty: levels[x.gd]!, language: x.gs.map((c) => concept[c]!) });
          pred.set(`s${i}`, {
            intent: ok ? intents[x.gi]! : intents[x.pi]!,
            difficulty: levels[Math.min(4, Math.max(0, x.gd + (ok ? 0 : x.dd)))]!,
            language: ok ? x.gs.map((c) => concept[c]!) : x.ps.map((c) => concept[c]!),
          });
        });
        const r = scoreLabels({ gold, pred, taxonomy: tax, dims: ['intent', 'difficulty', 'language'], bootstrap: 300, seed });
        for (const d of Object.values(r.dimensions)) {
          const ci = (d as Record<string, unknown>)[`${d.headline_metric}_ci95`] as [number, number] | null;
          if (d.headline === null || ci === null) continue;
          if (!(ci[0] <= d.headline + 1e-12 && d.headline <= ci[1] + 1e-12)) return false;
        }
        return true;
      }),
      { numRuns: 40 },
    );
  });
});
