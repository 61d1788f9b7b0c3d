import { ConfigError } from '../errors/index.js';
import { bootstrapPValue, comparePaired, mulberry32, percentileCi, scoreLabels } from '../score/index.js';
import type { Labels, Taxonomy } from '../taxonomy/index.js';

/** One dimension's paired comparison, current (B) against baseline (A): diff = B - A, negative = a drop. */
export interface PairedMetric {
  metric: string;
  baseline: number | null;
  current: number | null;
  diff: number | null;
  /** Percentile bootstrap interval of diff at the gate's confidence level; null when undefined on too many resamples. */
  ci: [number, number] | null;
  p_value: number | null;
  /** Items compared (in gold, baseline and current). */
  n: number;
}

export interface PairedMetricsOptions {
  gold: ReadonlyMap<string, Labels>;
  baseline: ReadonlyMap<string, Labels | null>;
  current: ReadonlyMap<string, Labels | null>;
  taxonomy: Taxonomy;
  /** Metric per dimension: `primary` (the headline) or a scalar field of the dimension's score (accuracy, jaccard...). */
  metricOf: (dim: string) => string;
  dims: readonly string[];
  resamples: number;
  /** Default 0.95. */
  confidence?: number;
  /** Default 1: the same draws on every run, so a gate decision is reproducible. */
  seed?: number;
}

/**
 * Paired comparison per dimension. The headline at 95% comes straight from the scorer's comparePaired (one draw of
 * items per resample applied to both sides). Any other metric or level uses the same design through scoreLabels on
 * resampled id lists — slower (it re-scores each resample), so only used when asked for.
 */
export function pairedMetrics(options: PairedMetricsOptions): Record<string, PairedMetric> {
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? 1;
  const out: Record<string, PairedMetric> = {};
  const fast = options.dims.filter((d) => options.metricOf(d) === 'primary' && confidence === 0.95);
  if (fast.length) {
    const r = comparePaired({ gold: options.gold, a: options.baseline, b: options.current, taxonomy: options.taxonomy, dims: fast, bootstrap: options.resamples, seed });
    for (const d of fast) {
      const p = r.dimensions[d]!;
      out[d] = { metric: p.headline_metric, baseline: p.a, current: p.b, diff: p.diff, ci: p.diff_ci95, p_value: p.p_value, n: r.n };
    }
  }
  for (const d of options.dims.filter((x) => !fast.includes(x))) out[d] = slowPaired(options, d, confidence, seed);
  return out;
}

function slowPaired(options: PairedMetricsOptions, dim: string, confidence: number, seed: number): PairedMetric {
  const ids = [...options.gold.keys()].filter((id) => options.baseline.has(id) && options.current.has(id)).sort();
  const requested = options.metricOf(dim);
  const valueOf = (pred: ReadonlyMap<string, Labels | null>, draw: readonly string[]): number | null => {
    const gold = new Map<string, Labels>();
    const p = new Map<string, Labels | null>();
    draw.forEach((id, j) => {
      gold.set(`${id}#${j}`, options.gold.get(id)!);
      p.set(`${id}#${j}`, pred.get(id) ?? null);
    });
    const score = scoreLabels({ gold, pred: p, taxonomy: options.taxonomy, dims: [dim], bootstrap: 0 }).dimensions[dim]!;
    const name = requested === 'primary' ? score.headline_metric : requested;
    const v = (score as Record<string, unknown>)[name];
    if (v === undefined) {
      const known = Object.entries(score).filter(([, x]) => typeof x === 'number' || x === null).map(([k]) => k).filter((k) => k !== 'n');
      throw new ConfigError(`gates: metric "${name}" is not a metric of dimension ${dim} (${score.kind}); use primary or one of ${known.join(', ')}`);
    }
    return typeof v === 'number' ? v : null;
  };
  const baseline = valueOf(options.baseline, ids);
  const current = valueOf(options.current, ids);
  const metric = requested === 'primary' ? scoreLabels({ gold: options.gold, pred: options.current, taxonomy: options.taxonomy, dims: [dim], bootstrap: 0 }).dimensions[dim]!.headline_metric : requested;
  const rand = mulberry32(seed);
  const diffs: number[] = [];
  for (let r = 0; r < options.resamples && ids.length; r++) {
    const draw = ids.map(() => ids[Math.floor(rand() * ids.length)]!);
    const a = valueOf(options.baseline, draw);
    const b = valueOf(options.current, draw);
    if (a !== null && b !== null) diffs.push(b - a);
  }
  return {
    metric,
    baseline,
    current,
    diff: baseline === null || current === null ? null : current - baseline,
    ci: percentileCi(diffs, options.resamples, confidence),
    p_value: bootstrapPValue(diffs),
    n: ids.length,
  };
}
