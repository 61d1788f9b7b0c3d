import { bootstrap, percentileCi } from '../score/index.js';
import type { CalibrationFigures, CoveragePoint, ReliabilityBin } from './schema.js';

/** One label's stated confidence and whether it agrees with gold. */
export interface CalibrationPoint {
  confidence: number;
  correct: boolean;
}

export interface CalibrationOptions {
  /** Equal-mass bins of the ECE and the reliability diagram; default 10 (fewer when there are fewer points or ties). */
  bins?: number;
  /** Bootstrap resamples of the AUROC CI; default 1000, 0 = no CI. */
  bootstrap?: number;
  /** PRNG seed of the bootstrap; default 1 (the scorer's). */
  seed?: number;
  /** At most about this many points on the coverage curve (plus the full-coverage one); default 20; Infinity = every distinct threshold. */
  curvePoints?: number;
}

export const CALIBRATION_DEFAULTS = { bins: 10, bootstrap: 1000, seed: 1, curvePoints: 20 } as const;

/** Points sorted by increasing confidence, with the start of each group of equal confidences. */
interface Sorted {
  conf: Float64Array;
  correct: Uint8Array;
  /** Start index of every tie group, then n. */
  groups: number[];
}

function sortPoints(points: readonly CalibrationPoint[]): Sorted {
  for (const p of points) {
    if (!Number.isFinite(p.confidence)) throw new RangeError(`confidence must be a finite number, got ${p.confidence}`);
  }
  // Correct after wrong within a tie: order inside a group never matters to any figure, this only makes it stable.
  const order = points.map((_, i) => i).sort((a, b) => points[a]!.confidence - points[b]!.confidence || Number(points[a]!.correct) - Number(points[b]!.correct) || a - b);
  const n = points.length;
  const conf = new Float64Array(n);
  const correct = new Uint8Array(n);
  order.forEach((src, i) => {
    conf[i] = points[src]!.confidence;
    correct[i] = points[src]!.correct ? 1 : 0;
  });
  const groups: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || conf[i] !== conf[i - 1]) groups.push(i);
  groups.push(n);
  return { conf, correct, groups };
}

/**
 * Equal-mass bins: the nominal cuts round(k n / B), k = 1..B-1, each moved to the nearest boundary between two
 * different confidences (forward on a tie of distances), so equal confidences always share a bin; repeated or
 * end cuts are dropped. Returns [start, end) index pairs into the sorted points.
 */
export function equalMassBins(groups: readonly number[], n: number, bins: number): Array<[number, number]> {
  if (n === 0) return [];
  const b = Math.max(1, Math.min(Math.floor(bins), n));
  const cuts = new Set<number>();
  for (let k = 1; k < b; k++) {
    const nominal = Math.round((k * n) / b);
    let best = n;
    for (const g of groups) if (Math.abs(g - nominal) < Math.abs(best - nominal) || (Math.abs(g - nominal) === Math.abs(best - nominal) && g > best)) best = g;
    if (best > 0 && best < n) cuts.add(best);
  }
  const edges = [0, ...[...cuts].sort((x, y) => x - y), n];
  return edges.slice(1).map((end, i) => [edges[i]!, end] as [number, number]);
}

/**
 * AUROC on weighted points (weights = bootstrap multiplicities, or 1): the Mann-Whitney U of "right labels have
 * higher confidence than wrong ones" over (#right x #wrong), a tie counting 1/2. Null when either class is absent.
 */
function aurocWeighted(s: Sorted, w: ArrayLike<number> | null): number | null {
  let below = 0;
  let u = 0;
  let pos = 0;
  let neg = 0;
  for (let g = 0; g + 1 < s.groups.length; g++) {
    let p = 0;
    let q = 0;
    for (let i = s.groups[g]!; i < s.groups[g + 1]!; i++) {
      const wi = w ? w[i]! : 1;
      if (s.correct[i]) p += wi;
      else q += wi;
    }
    u += p * below + 0.5 * p * q;
    below += q;
    pos += p;
    neg += q;
  }
  return pos === 0 || neg === 0 ? null : u / (pos * neg);
}

/**
 * Calibration of a set of (confidence, correct) points: ECE over equal-mass bins, Brier score, AUROC of confidence
 * for "correct" with its bootstrap CI, the reliability bins and the accuracy-coverage curve. Pure and deterministic
 * (seeded bootstrap); the points' order does not matter. Definitions and edge cases: README.md.
 */
export function calibrationFigures(points: readonly CalibrationPoint[], opts: CalibrationOptions = {}): CalibrationFigures {
  const n = points.length;
  const s = sortPoints(points);
  const nCorrect = s.correct.reduce((a, b) => a + b, 0);
  if (n === 0) {
    const why = 'no labels with a confidence';
    return {
      n: 0, n_correct: 0, accuracy: null, mean_confidence: null,
      ece: null, ece_note: why, brier: null, brier_note: why, auroc: null, auroc_note: why, auroc_ci95: null,
      bins: [], coverage: [],
    };
  }
  let sumConf = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    sumConf += s.conf[i]!;
    sumSq += (s.conf[i]! - s.correct[i]!) ** 2;
  }
  const bins: ReliabilityBin[] = equalMassBins(s.groups, n, opts.bins ?? CALIBRATION_DEFAULTS.bins).map(([a, b]) => {
    let c = 0;
    let k = 0;
    for (let i = a; i < b; i++) {
      c += s.conf[i]!;
      k += s.correct[i]!;
    }
    return { lo: s.conf[a]!, hi: s.conf[b - 1]!, n: b - a, confidence: c / (b - a), accuracy: k / (b - a) };
  });
  const ece = bins.reduce((sum, bin) => sum + (bin.n / n) * Math.abs(bin.accuracy - bin.confidence), 0);
  const auroc = aurocWeighted(s, null);
  const resamples = opts.bootstrap ?? CALIBRATION_DEFAULTS.bootstrap;
  const ci = auroc === null || resamples <= 0 ? null : percentileCi(bootstrap({ n, resamples, seed: opts.seed ?? CALIBRATION_DEFAULTS.seed }, [(w) => aurocWeighted(s, w)])[0]!, resamples);
  return {
    n,
    n_correct: nCorrect,
    accuracy: nCorrect / n,
    mean_confidence: sumConf / n,
    ece,
    brier: sumSq / n,
    auroc,
    ...(auroc === null ? { auroc_note: nCorrect === n ? 'every label agrees with gold (no wrong label to rank)' : 'no label agrees with gold (no right label to rank)' } : {}),
    auroc_ci95: ci,
    bins,
    coverage: coverageCurve(s, opts.curvePoints ?? CALIBRATION_DEFAULTS.curvePoints),
  };
}

/**
 * Accuracy of the labels kept when only those with confidence >= t are kept, for decreasing t over the distinct
 * confidences. With `maxPoints` finite, a threshold is listed when its coverage first reaches the next multiple of
 * 1/maxPoints; the last (keep everything) is always listed.
 */
function coverageCurve(s: Sorted, maxPoints: number): CoveragePoint[] {
  const n = s.conf.length;
  const out: CoveragePoint[] = [];
  let kept = 0;
  let right = 0;
  let nextK = 0;
  const finite = Number.isFinite(maxPoints);
  const m = Math.max(1, Math.floor(finite ? maxPoints : 1));
  for (let g = s.groups.length - 2; g >= 0; g--) {
    for (let i = s.groups[g]!; i < s.groups[g + 1]!; i++) {
      kept++;
      right += s.correct[i]!;
    }
    // Integer test of coverage >= nextK / m, so no rounding decides which thresholds are listed.
    if (g === 0 || !finite || kept * m >= nextK * n) {
      out.push({ threshold: s.conf[s.groups[g]!]!, kept, coverage: kept / n, accuracy: right / kept });
      nextK = Math.floor((kept * m) / n) + 1;
    }
  }
  return out;
}
