import { describe, expect, it } from 'vitest';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { mulberry32 } from '../util/prng.js';
import { calibratedDrift, calibratedShares, predictionPoweredShare } from './ppi.js';

describe('predictionPoweredShare', () => {
  it('matches a hand computation', () => {
    // Production: 300 of 1,000 carry the tag. Gold (n = 100): f = [1,1,0,0] x 25, y = [1,0,0,1] x 25 -> f - y =
    // [0,1,0,-1] x 25: mean 0, sample variance 50/99.
    const rep = (xs: number[]) => Array.from({ length: 100 }, (_, i) => xs[i % 4]!);
    const r = predictionPoweredShare({ count: 300, n: 1000, goldPred: rep([1, 1, 0, 0]), goldTrue: rep([1, 0, 0, 1]) });
    const z = 1.959963984540054;
    expect(r.naive).toBe(0.3);
    expect(r.naive_ci[1]).toBeCloseTo(0.3 + z * Math.sqrt(0.21 / 1000), 9);
    expect(r.bias).toBe(0);
    expect(r.ppi).toBeCloseTo(0.3, 12);
    expect(r.ppi_ci![1]).toBeCloseTo(0.3 + z * Math.sqrt(0.21 / 1000 + 50 / 99 / 100), 9);
    expect(r.ppi_ci![0]).toBeCloseTo(0.3 - z * Math.sqrt(0.21 / 1000 + 50 / 99 / 100), 9);
    // Clipped to [0, 1] with few gold samples.
    expect(predictionPoweredShare({ count: 300, n: 1000, goldPred: [1, 1, 0, 0], goldTrue: [1, 0, 0, 1] }).ppi_ci).toEqual([0, 1]);
  });

  it('has no PPI interval with fewer than 2 gold samples', () => {
    expect(predictionPoweredShare({ count: 5, n: 10, goldPred: [1], goldTrue: [0] }).ppi_ci).toBeNull();
  });

  it('seeded simulation: a labeler whose errors shift the share by +0.075; over 200 runs the PPI 95% CI covers the true share in >= 90%, the naive CI in < 50%', () => {
    const truth = 0.3;
    const N = 20_000; // production samples
    const n = 300; // gold samples
    // Labeler: recall 0.9, false-positive rate 0.15 -> its share is 0.27 + 0.105 = 0.375 (shift +0.075).
    const answer = (y: number, rand: () => number) => (y ? (rand() < 0.9 ? 1 : 0) : rand() < 0.15 ? 1 : 0);
    let ppiCovers = 0;
    let naiveCovers = 0;
    let shift = 0;
    const runs = 200;
    for (let run = 0; run < runs; run++) {
      const rand = mulberry32(17 + run);
      let count = 0;
      for (let i = 0; i < N; i++) count += answer(rand() < truth ? 1 : 0, rand);
      const goldTrue = new Uint8Array(n);
      const goldPred = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        goldTrue[i] = rand() < truth ? 1 : 0;
        goldPred[i] = answer(goldTrue[i]!, rand);
      }
      const r = predictionPoweredShare({ count, n: N, goldPred, goldTrue });
      shift += r.naive - truth;
      if (r.ppi_ci![0] <= truth && truth <= r.ppi_ci![1]) ppiCovers++;
      if (r.naive_ci[0] <= truth && truth <= r.naive_ci[1]) naiveCovers++;
    }
    expect(shift / runs).toBeCloseTo(0.075, 2);
    expect(ppiCovers / runs).toBeGreaterThanOrEqual(0.9);
    expect(naiveCovers / runs).toBeLessThan(0.5);
  });
});

describe('calibratedShares', () => {
  it('corrects each tag by the labeler\'s bias on gold and lists tags seen in gold only', () => {
    const tax = loadTaxonomy();
    const gold = new Map<string, Labels>();
    const pred = new Map<string, Labels | null>();
    for (let i = 0; i < 10; i++) {
      gold.set(`g${i}`, { intent: i < 5 ? 'debug' : 'build' });
      // The labeler says debug for 8 of 10 (2 build samples called debug).
      pred.set(`g${i}`, { intent: i < 8 ? 'debug' : 'build' });
    }
    const r = calibratedShares({ production: [{ dimension: 'intent', tags: [{ tag: 'debug', count: 800 }, { tag: 'build', count: 200 }] }], labeled: 1000, gold, goldPred: pred, taxonomy: tax });
    const intent = r.dimensions.find((d) => d.dimension === 'intent')!;
    const debug = intent.tags.find((t) => t.tag === 'debug')!;
    expect(r.gold_n).toBe(10);
    expect(debug.naive).toBe(0.8);
    expect(debug.bias).toBeCloseTo(0.3, 12);
    expect(debug.ppi).toBeCloseTo(0.5, 12);
    expect(intent.tags.find((t) => t.tag === 'build')!.ppi).toBeCloseTo(0.5, 12);
  });
});

describe('calibratedDrift', () => {
  const tax = loadTaxonomy();
  const gold = new Map<string, Labels>();
  const predX = new Map<string, Labels | null>();
  const predY = new Map<string, Labels | null>();
  for (let i = 0; i < 10; i++) {
    gold.set(`g${i}`, { intent: i < 5 ? 'debug' : 'build' });
    predX.set(`g${i}`, { intent: i < 8 ? 'debug' : 'build' }); // over-says debug by 0.3
    predY.set(`g${i}`, { intent: i < 5 ? 'debug' : 'build' }); // exact
  }
  const a = { counts: new Map([['intent', new Map([['debug', 400], ['build', 600]])]]), labeled: 1000 };
  const b = { counts: new Map([['intent', new Map([['debug', 500], ['build', 500]])]]), labeled: 1000 };

  it('one configuration for both: the bias cancels, the CI is the two-sample binomial one (hand computation)', () => {
    const r = calibratedDrift({ a, b, gold, goldPredA: predX, goldPredB: predX, taxonomy: tax });
    const debug = r.dimensions.find((d) => d.dimension === 'intent')!.tags.find((t) => t.tag === 'debug')!;
    expect(debug.a).toBeCloseTo(0.1, 12);
    expect(debug.b).toBeCloseTo(0.2, 12);
    expect(debug.diff).toBeCloseTo(0.1, 12);
    const h = 1.959963984540054 * Math.sqrt(0.24 / 1000 + 0.25 / 1000);
    expect(debug.diff_ci![1]).toBeCloseTo(0.1 + h, 8);
  });

  it('two configurations: a shift that is only the second labeler being more accurate is corrected away', () => {
    // B labeled by the exact labeler says 50%; A's labeler over-says debug by 0.3, so A's 40% is really 10%... and
    // A at 80% naive would be 50% true: same truth on both sides.
    const a2 = { counts: new Map([['intent', new Map([['debug', 800]])]]), labeled: 1000 };
    const r = calibratedDrift({ a: a2, b, gold, goldPredA: predX, goldPredB: predY, taxonomy: tax });
    const debug = r.dimensions.find((d) => d.dimension === 'intent')!.tags.find((t) => t.tag === 'debug')!;
    expect(debug.diff).toBeCloseTo(0, 12);
    expect(debug.diff_ci![0]).toBeLessThan(0);
    expect(debug.diff_ci![1]).toBeGreaterThan(0);
  });
});
