import type { ConfidenceSummary } from './stats-schema.js';

const BINS = 1000;

/**
 * Confidence values of one dimension in constant memory: count, sum, min and a 0.001-wide histogram, from which the
 * 10th percentile (nearest rank) is read. Used by the labeling run's stats and by `merge`, which recomputes it from
 * the merged records (percentiles cannot be combined from per-shard summaries).
 */
export class ConfidenceHistogram {
  private n = 0;
  private sum = 0;
  private min = Infinity;
  private readonly hist = new Uint32Array(BINS + 1);

  /** Add one value; values outside [0, 1] are clamped, non-finite ones ignored. */
  add(value: number): void {
    if (!Number.isFinite(value)) return;
    const v = Math.min(1, Math.max(0, value));
    this.n++;
    this.sum += v;
    this.min = Math.min(this.min, v);
    this.hist[Math.round(v * BINS)]!++;
  }

  /**
   * Counts in `k` equal-width bins over [0, 1] (the last one closed), for a histogram chart. Read from the 0.001-wide
   * histogram, so a value is binned as rounded to 0.001.
   */
  bins(k: number): number[] {
    const out = new Array<number>(k).fill(0);
    for (let b = 0; b <= BINS; b++) if (this.hist[b]) out[Math.min(k - 1, Math.floor((b * k) / BINS))]! += this.hist[b]!;
    return out;
  }

  summary(): ConfidenceSummary {
    if (this.n === 0) return { n: 0, mean: null, min: null, p10: null };
    const rank = Math.max(1, Math.ceil(0.1 * this.n));
    let seen = 0;
    let p10 = 1;
    for (let b = 0; b <= BINS; b++) {
      seen += this.hist[b]!;
      if (seen >= rank) {
        p10 = b / BINS;
        break;
      }
    }
    return { n: this.n, mean: this.sum / this.n, min: this.min, p10 };
  }
}
