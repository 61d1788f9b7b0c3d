import { describe, expect, it } from 'vitest';
import { loadTaxonomy, type Confidence, type Labels } from '../taxonomy/index.js';
import { mulberry32 } from '../util/prng.js';
import { calibrateDimensions, calibratedConfidence, calibrationFigures, CalibrationReportSchema, confidenceVerdict, equalMassBins, type CalibrationPoint } from './index.js';

const P = (confidence: number, correct: boolean): CalibrationPoint => ({ confidence, correct });

/*
 * Worked example, computed by hand.
 *   points (confidence, agrees with gold): (0.9 T) (0.9 F) (0.8 T) (0.6 F) (0.6 T) (0.3 F); n = 6, 3 right.
 *   mean confidence = 4.1 / 6 = 0.683333...
 *   Brier = (0.1² + 0.9² + 0.2² + 0.6² + 0.4² + 0.3²) / 6 = (0.01 + 0.81 + 0.04 + 0.36 + 0.16 + 0.09) / 6 = 1.47 / 6 = 0.245
 *   AUROC: right {0.9, 0.8, 0.6} x wrong {0.9, 0.6, 0.3}, 9 pairs:
 *     0.9: tie 0.5 + 1 + 1 = 2.5; 0.8: 0 + 1 + 1 = 2; 0.6: 0 + tie 0.5 + 1 = 1.5 -> 6 / 9 = 0.666667
 *   ECE, 3 equal-mass bins: sorted 0.3 0.6 0.6 | 0.8 | 0.9 0.9. Nominal cuts at 2 and 4; the cut at 2 would split
 *   the two 0.6s, the nearest boundaries are 1 and 3 (distance 1 each), forward wins: 3. The cut at 4 is a boundary.
 *     bin 1: conf (0.3 + 0.6 + 0.6) / 3 = 0.5, accuracy 1/3, gap 1/6, weight 3/6
 *     bin 2: conf 0.8, accuracy 1, gap 0.2, weight 1/6
 *     bin 3: conf 0.9, accuracy 1/2, gap 0.4, weight 2/6
 *     ECE = 1/12 + 1/30 + 2/15 = (5 + 2 + 8) / 60 = 0.25
 *   One bin: ECE = |accuracy - mean confidence| = |0.5 - 0.683333| = 0.183333
 *   Coverage (keep confidence >= t): t 0.9 keeps 2, 1 right (cov 1/3, acc 1/2); 0.8 keeps 3, 2 right (1/2, 2/3);
 *     0.6 keeps 5, 3 right (5/6, 3/5); 0.3 keeps 6, 3 right (1, 1/2).
 */
const worked = [P(0.9, true), P(0.9, false), P(0.8, true), P(0.6, false), P(0.6, true), P(0.3, false)];

describe('calibrationFigures: the worked example', () => {
  const f = calibrationFigures(worked, { bins: 3, bootstrap: 0, curvePoints: Infinity });

  it('matches the hand computation', () => {
    expect(f.n).toBe(6);
    expect(f.n_correct).toBe(3);
    expect(f.accuracy).toBe(0.5);
    expect(f.mean_confidence).toBeCloseTo(4.1 / 6, 12);
    expect(f.brier).toBeCloseTo(0.245, 12);
    expect(f.auroc).toBeCloseTo(6 / 9, 12);
    expect(f.ece).toBeCloseTo(0.25, 12);
    expect(f.bins.map((b) => [b.lo, b.hi, b.n])).toEqual([[0.3, 0.6, 3], [0.8, 0.8, 1], [0.9, 0.9, 2]]);
    expect(f.bins[0]!.confidence).toBeCloseTo(0.5, 12);
    expect(f.bins[0]!.accuracy).toBeCloseTo(1 / 3, 12);
    expect(f.auroc_ci95).toBeNull();
  });

  it('lists the accuracy-coverage curve by decreasing threshold', () => {
    expect(f.coverage.map((c) => [c.threshold, c.kept])).toEqual([[0.9, 2], [0.8, 3], [0.6, 5], [0.3, 6]]);
    expect(f.coverage.map((c) => c.accuracy)).toEqual([1 / 2, 2 / 3, 3 / 5, 1 / 2]);
    expect(f.coverage.map((c) => c.coverage)).toEqual([2 / 6, 3 / 6, 5 / 6, 1]);
  });

  it('thins the curve to about curvePoints points, always keeping full coverage', () => {
    // m = 2: 0.9 (first), 0.8 (coverage 1/2 reaches 1/2), 0.6 (5/6 < 2/2: skipped), 0.3 (the last).
    const thin = calibrationFigures(worked, { bins: 3, bootstrap: 0, curvePoints: 2 });
    expect(thin.coverage.map((c) => c.threshold)).toEqual([0.9, 0.8, 0.3]);
  });

  it('one bin: ECE is |accuracy - mean confidence|', () => {
    const one = calibrationFigures(worked, { bins: 1, bootstrap: 0 });
    expect(one.bins).toHaveLength(1);
    expect(one.ece).toBeCloseTo(Math.abs(0.5 - 4.1 / 6), 12);
  });

  it('does not depend on the order of the points', () => {
    const reversed = calibrationFigures([...worked].reverse(), { bins: 3, bootstrap: 200, seed: 3 });
    expect(reversed).toEqual(calibrationFigures(worked, { bins: 3, bootstrap: 200, seed: 3 }));
  });
});

describe('calibrationFigures: edge cases', () => {
  it('all correct: ECE = 1 - mean confidence, Brier = mean (1 - c)², AUROC undefined', () => {
    // (0.9, 0.7): ECE = (0.1 + 0.3) / 2 = 0.2; Brier = (0.01 + 0.09) / 2 = 0.05.
    const f = calibrationFigures([P(0.9, true), P(0.7, true)], { bootstrap: 100 });
    expect(f.ece).toBeCloseTo(0.2, 12);
    expect(f.brier).toBeCloseTo(0.05, 12);
    expect(f.auroc).toBeNull();
    expect(f.auroc_note).toMatch(/every label agrees/);
    expect(f.auroc_ci95).toBeNull();
    expect(confidenceVerdict('intent', f)).toEqual({ verdict: 'undetermined', text: 'confidence not assessable on intent: all 2 labels agree with gold', detail: 'all 2 labels agree with gold' });
  });

  it('all wrong: ECE = mean confidence, Brier = mean c², AUROC undefined', () => {
    // (0.9, 0.7): ECE = (0.9 + 0.7) / 2 = 0.8; Brier = (0.81 + 0.49) / 2 = 0.65.
    const f = calibrationFigures([P(0.9, false), P(0.7, false)]);
    expect(f.ece).toBeCloseTo(0.8, 12);
    expect(f.brier).toBeCloseTo(0.65, 12);
    expect(f.auroc).toBeNull();
    expect(f.auroc_note).toMatch(/no label agrees/);
  });

  it('ties: equal confidences share one bin whatever the bin count, and rank as 1/2 (AUROC 0.5, CI [0.5, 0.5])', () => {
    // Four labels at 0.7, two right: ECE = |0.5 - 0.7| = 0.2; Brier = (2 x 0.09 + 2 x 0.49) / 4 = 0.29.
    const f = calibrationFigures([P(0.7, true), P(0.7, false), P(0.7, true), P(0.7, false)], { bins: 10, bootstrap: 200 });
    expect(f.bins).toHaveLength(1);
    expect(f.ece).toBeCloseTo(0.2, 12);
    expect(f.brier).toBeCloseTo(0.29, 12);
    expect(f.auroc).toBe(0.5);
    expect(f.auroc_ci95).toEqual([0.5, 0.5]);
    expect(confidenceVerdict('concept', f)).toMatchObject({ verdict: 'uninformative', text: 'confidence uninformative on concept: AUROC 0.50 [0.50, 0.50]' });
  });

  it('no points: every figure undefined with a note', () => {
    const f = calibrationFigures([]);
    expect(f).toMatchObject({ n: 0, ece: null, brier: null, auroc: null, bins: [], coverage: [] });
    expect(f.ece_note).toBe('no labels with a confidence');
  });

  it('refuses a non-finite confidence', () => {
    expect(() => calibrationFigures([P(Number.NaN, true)])).toThrow(RangeError);
  });

  it('AUROC equals the pairwise Mann-Whitney count on random data with ties', () => {
    const rand = mulberry32(11);
    const pts = Array.from({ length: 300 }, () => P(Math.round(rand() * 20) / 20, rand() < 0.6));
    let u = 0;
    let pairs = 0;
    for (const a of pts) for (const b of pts) if (a.correct && !b.correct) { pairs++; u += a.confidence > b.confidence ? 1 : a.confidence === b.confidence ? 0.5 : 0; }
    expect(calibrationFigures(pts, { bootstrap: 0 }).auroc).toBeCloseTo(u / pairs, 12);
  });
});

describe('equalMassBins', () => {
  it('cuts n points into about equal bins, never inside a tie', () => {
    // 10 distinct points, 4 bins: cuts round(2.5) = 3, 5, round(7.5) = 8.
    expect(equalMassBins([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10, 4)).toEqual([[0, 3], [3, 5], [5, 8], [8, 10]]);
    // Groups start at 0 and 4 (a tie of 4 points), n = 6, 3 bins: cuts 2 -> 4 (nearest boundary), 4 -> 4: two bins.
    expect(equalMassBins([0, 4, 5, 6], 6, 3)).toEqual([[0, 4], [4, 6]]);
    expect(equalMassBins([0, 1, 2], 2, 10)).toEqual([[0, 1], [1, 2]]);
  });
});

describe('confidenceVerdict', () => {
  it('informative when the CI is above 0.5, inverted when below', () => {
    const sep = [...Array.from({ length: 20 }, (_, i) => P(0.8 + i / 200, true)), ...Array.from({ length: 20 }, (_, i) => P(0.2 + i / 200, false))];
    const f = calibrationFigures(sep, { bootstrap: 200 });
    expect(f.auroc).toBe(1);
    expect(confidenceVerdict('intent', f).verdict).toBe('informative');
    const inv = calibrationFigures(sep.map((p) => ({ ...p, correct: !p.correct })), { bootstrap: 200 });
    expect(confidenceVerdict('intent', inv)).toMatchObject({ verdict: 'inverted', text: 'confidence inverted on intent (wrong labels are the more confident): AUROC 0.00 [0.00, 0.00]' });
  });

  it('says so in plain words when the CI includes 0.5', () => {
    expect(confidenceVerdict('concept', { n: 100, n_correct: 50, auroc: 0.52, auroc_ci95: [0.41, 0.63] })).toMatchObject({
      verdict: 'uninformative', text: 'confidence uninformative on concept: AUROC 0.52 [0.41, 0.63]',
    });
  });
});

describe('calibrateDimensions', () => {
  const taxonomy = loadTaxonomy();
  const gold = new Map<string, Labels>([
    ['a', { intent: 'build', language: ['python', 'sql'] }],
    ['b', { intent: 'debug', language: ['sql'] }],
    ['c', { intent: 'learn', language: ['go'] }],
    ['d', { intent: 'build', language: ['rust'] }],
  ]);
  const report = calibrateDimensions({
    gold,
    taxonomy,
    dims: ['intent', 'language'],
    bootstrap: 0,
    pred: new Map<string, { labels: Labels | null; confidence: Confidence }>([
      // a: language is the same set in another order -> right; b: one tag short -> wrong (exact set agreement).
      ['a', { labels: { intent: 'build', language: ['sql', 'python'] }, confidence: { intent: 0.9, language: 0.8 } }],
      ['b', { labels: { intent: 'build', language: [] }, confidence: { intent: 0.6, language: 0.7 } }],
      // c failed: wrong on every dimension, its confidence still counts.
      ['c', { labels: null, confidence: { intent: 0.2 } }],
      // d has no confidence at all; e is not in gold.
      ['d', { labels: { intent: 'build', language: ['rust'] }, confidence: {} }],
      ['e', { labels: { intent: 'build' }, confidence: { intent: 1 } }],
    ]),
  });

  it('uses the scorer\'s per-sample agreement and counts samples without a confidence apart', () => {
    expect(CalibrationReportSchema.parse(report)).toBeTruthy();
    // intent: a 0.9 right, b 0.6 wrong, c 0.2 wrong -> AUROC 1, d missing.
    expect(report.intent).toMatchObject({ n: 3, n_correct: 1, n_missing: 1, auroc: 1, verdict: 'undetermined' });
    // language: a 0.8 right (same set), b 0.7 wrong; c (failed) and d have no language confidence.
    expect(report.language).toMatchObject({ n: 2, n_correct: 1, n_missing: 2, auroc: 1 });
    expect(report.language!.brier).toBeCloseTo((0.2 ** 2 + 0.7 ** 2) / 2, 12);
  });
});

describe('calibratedConfidence', () => {
  const bins = [
    { lo: 0.3, hi: 0.6, n: 3, confidence: 0.5, accuracy: 1 / 3 },
    { lo: 0.8, hi: 0.8, n: 1, confidence: 0.8, accuracy: 1 },
    { lo: 0.9, hi: 0.9, n: 2, confidence: 0.9, accuracy: 0.5 },
  ];
  it('interpolates between bin means and holds the end bins beyond them', () => {
    expect(calibratedConfidence(bins, 0.1)).toBeCloseTo(1 / 3, 12);
    // Halfway from 0.5 to 0.8: 1/3 + 0.5 x (1 - 1/3) = 2/3.
    expect(calibratedConfidence(bins, 0.65)).toBeCloseTo(2 / 3, 12);
    expect(calibratedConfidence(bins, 0.85)).toBeCloseTo(0.75, 12);
    expect(calibratedConfidence(bins, 0.99)).toBe(0.5);
    expect(calibratedConfidence([], 0.7)).toBe(0.7);
  });
});

describe('the verdict on simulated labelers (agreement 0.88)', () => {
  const simulate = (informative: boolean, seed: number): CalibrationPoint[] => {
    const rand = mulberry32(seed);
    return Array.from({ length: 200 }, () => {
      const correct = rand() < 0.88;
      // Informative: right labels stated 0.7-1.0, wrong ones 0.4-0.8. Flat: 0.8-1.0 whatever the outcome.
      const confidence = informative ? (correct ? 0.7 + 0.3 * rand() : 0.4 + 0.4 * rand()) : 0.8 + 0.2 * rand();
      return P(Math.round(confidence * 100) / 100, correct);
    });
  };

  it('says informative when confidence separates right from wrong, uninformative when it is flat random', () => {
    const good = calibrationFigures(simulate(true, 5));
    const flat = calibrationFigures(simulate(false, 5));
    expect(confidenceVerdict('intent', good).verdict).toBe('informative');
    expect(good.auroc!).toBeGreaterThan(0.8);
    expect(confidenceVerdict('intent', flat).verdict).toBe('uninformative');
    expect(flat.auroc_ci95![0]).toBeLessThan(0.5);
    expect(flat.auroc_ci95![1]).toBeGreaterThan(0.5);
    // Informative confidence: keeping the most confident half raises agreement; flat: it stays about the same.
    const half = (f: typeof good) => f.coverage.find((c) => c.coverage >= 0.5)!.accuracy;
    expect(half(good)).toBeGreaterThan(0.97);
    expect(Math.abs(half(flat) - flat.accuracy!)).toBeLessThan(0.06);
  });
});
