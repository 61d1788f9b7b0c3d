import { quantileSorted } from 'simple-statistics';
import { mulberry32, resampleWeights } from './prng.js';

export interface BootstrapOptions {
  /** Number of items resampled (with replacement, n of n). */
  n: number;
  /** Number of resamples. */
  resamples: number;
  /** PRNG seed. */
  seed: number;
}

/**
 * Run `stats` on the same `resamples` bootstrap resamples (so paired and derived statistics use one draw per
 * resample). Each stat gets item multiplicities and may return null (undefined on that resample). Returns, per
 * stat, its defined values in resample order.
 */
export function bootstrap(opts: BootstrapOptions, stats: ReadonlyArray<(w: Int32Array) => number | null>): number[][] {
  const rand = mulberry32(opts.seed);
  const out = stats.map(() => [] as number[]);
  const w = new Int32Array(opts.n);
  for (let r = 0; r < opts.resamples; r++) {
    resampleWeights(opts.n, rand, w);
    stats.forEach((stat, s) => {
      const v = stat(w);
      if (v !== null) out[s]!.push(v);
    });
  }
  return out;
}

/**
 * 95% percentile interval of bootstrap values: the 2.5% and 97.5% quantiles with linear interpolation (numpy's
 * default, via simple-statistics `quantileSorted`). Null when fewer than half the resamples gave a defined value,
 * since the interval would then describe a biased subset of resamples.
 */
export function percentileCi(values: readonly number[], resamples: number, level = 0.95): [number, number] | null {
  if (values.length === 0 || values.length < resamples / 2) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
}

/**
 * Two-sided bootstrap p-value for "the difference is 0": twice the smaller share of resampled differences on
 * either side of 0, with the +1 correction so it is never exactly 0 (Davison & Hinkley 1997), capped at 1.
 */
export function bootstrapPValue(diffs: readonly number[]): number | null {
  if (diffs.length === 0) return null;
  let le = 0;
  let ge = 0;
  for (const d of diffs) {
    if (d <= 0) le++;
    if (d >= 0) ge++;
  }
  return Math.min(1, (2 * (Math.min(le, ge) + 1)) / (diffs.length + 1));
}
