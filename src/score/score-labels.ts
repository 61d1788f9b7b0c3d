import { UsageError } from '../errors/index.js';
import type { Labels, Taxonomy } from '../taxonomy/index.js';
import { alignById } from './align.js';
import { bootstrap, percentileCi } from './bootstrap.js';
import { buildDimension, type DimensionScorer } from './dimension.js';
import { SCORE_REPORT_VERSION, type DimensionScore, type ScoreReport } from './report.js';

export interface ScoreOptions {
  gold: ReadonlyMap<string, Labels>;
  /** Predictions by id; null = labeling failed for that sample (scored as an empty prediction). */
  pred: ReadonlyMap<string, Labels | null>;
  taxonomy: Taxonomy;
  /** Dimension ids to score, default every taxonomy dimension in taxonomy order. */
  dims?: readonly string[];
  /** Bootstrap resamples for the 95% CIs, default 1000; 0 = no CIs. */
  bootstrap?: number;
  /** PRNG seed of the bootstrap, default 1. */
  seed?: number;
}

export const SCORE_DEFAULTS = { bootstrap: 1000, seed: 1 } as const;

/** Pick the taxonomy dimensions to score, refusing unknown ids. */
export function selectDimensions(taxonomy: Taxonomy, dims?: readonly string[]) {
  if (!dims) return [...taxonomy.dimensions];
  const unknown = dims.filter((d) => !taxonomy.byId.has(d));
  if (unknown.length) {
    throw new UsageError(`unknown dimension(s) ${unknown.join(', ')}; expected some of ${taxonomy.dimensions.map((d) => d.id).join(', ')}`);
  }
  return taxonomy.dimensions.filter((d) => dims.includes(d.id));
}

/** Macro mean of the defined values, or null when none is defined. */
export function macroMean(values: readonly (number | null)[]): number | null {
  const ok = values.filter((v): v is number => v !== null);
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : null;
}

/**
 * Score predictions against gold: every metric per dimension, its headline, the overall macro mean of the
 * headlines, 95% percentile bootstrap CIs of each headline and of overall (one shared set of resamples), and
 * coverage. Pure: no I/O.
 */
export function scoreLabels(opts: ScoreOptions): ScoreReport {
  const resamples = opts.bootstrap ?? SCORE_DEFAULTS.bootstrap;
  const seed = opts.seed ?? SCORE_DEFAULTS.seed;
  const aligned = alignById(opts.gold, opts.pred);
  const scorers = selectDimensions(opts.taxonomy, opts.dims).map((dim) => buildDimension(dim, opts.taxonomy, aligned.gold, aligned.pred));
  const cis = headlineCis(scorers, aligned.ids.length, resamples, seed);
  const dimensions: Record<string, DimensionScore> = {};
  const headlines: (number | null)[] = [];
  scorers.forEach((s, i) => {
    const h = s.headline(null);
    headlines.push(h.value);
    dimensions[s.id] = {
      kind: s.kind,
      n: s.n,
      headline: h.value,
      ...(h.value === null ? { headline_note: h.reason } : {}),
      headline_metric: s.headlineMetric,
      ...s.metrics(),
      ...(resamples > 0 ? { [`${s.headlineMetric}_ci95`]: cis[i] ?? null } : {}),
    } as DimensionScore;
  });
  const overall = macroMean(headlines);
  return {
    version: SCORE_REPORT_VERSION,
    taxonomy_version: opts.taxonomy.version,
    n: aligned.ids.length,
    bootstrap: { resamples, seed },
    dimensions,
    overall,
    ...(overall === null ? { overall_note: 'no dimension has a defined headline' } : {}),
    ...(resamples > 0 ? { overall_ci95: cis[scorers.length] ?? null } : {}),
    coverage: { gold_only: aligned.gold_only, pred_only: aligned.pred_only, failed: aligned.failed },
  };
}

/** CIs of each scorer's headline, then of their macro mean (last). Empty when resamples is 0. */
function headlineCis(scorers: readonly DimensionScorer[], n: number, resamples: number, seed: number): ([number, number] | null)[] {
  if (resamples <= 0) return [];
  if (n === 0) return [...scorers.map(() => null), null];
  const perResample: (number | null)[] = [];
  const stats = scorers.map((s, i) => (w: Int32Array) => {
    const v = s.headline(w).value;
    perResample[i] = v;
    return v;
  });
  // Runs after the dimension stats of the same resample, so it sees their values.
  stats.push(() => macroMean(perResample));
  return bootstrap({ n, resamples, seed }, stats).map((values) => percentileCi(values, resamples));
}
