import { CALIBRATION_DEFAULTS, calibrateDimensions } from '../calibration/index.js';
import { canonicalJson, sha256Hex } from '../conversation/index.js';
import { comparePaired, rankAgainstBest, SCORE_DEFAULTS, SCORE_REPORT_VERSION, scoreLabels, type Ranking } from '../score/index.js';
import type { Labels, Taxonomy } from '../taxonomy/index.js';
import type { Configuration } from './matrix.js';
import { DEFAULT_MAX_FAILED, FailureReasons, failedVerdict } from '../records/index.js';
import { METRICS_VERSION, type CascadeInfo, type ConfigFailure, type ConfigMetrics, type MetricsFile, type RunLine } from './results.js';

export interface BuildMetricsOptions {
  experiment: string;
  taxonomy: Taxonomy;
  gold: MetricsFile['gold'];
  /** Gold labels of the samples used, by id. */
  goldLabels: ReadonlyMap<string, Labels>;
  /** Cascades come with `cascade`: their lines are combined from two configurations' (runner/cascades.ts). */
  configs: ReadonlyArray<{ config: Configuration; lines: readonly RunLine[]; cascade?: CascadeInfo }>;
  repeats: number;
  /** Configuration the others are compared with. */
  baseline: string;
  /** Recorded in the inputs hash, so that a new scorer never reuses old metrics. */
  toolVersion: string;
}

/**
 * sha256 of everything metrics.json is computed from: versions, gold labels, baseline, and each configuration's
 * labels and confidences by (id, sample_index) in sorted order (the runs files' line order varies with concurrency and does not
 * matter). Equal hashes mean equal metrics, so a re-run whose labels all came from the cache reuses metrics.json
 * instead of scoring again (the bootstraps are the slowest part of a cached re-run).
 */
export function metricsInputsHash(options: BuildMetricsOptions): string {
  const material = {
    metrics_version: METRICS_VERSION,
    // metrics.json files from before the ranking lack it: a new hash makes a re-run compute it.
    ranking: 'each-vs-best/holm/1',
    score_version: SCORE_REPORT_VERSION,
    score_defaults: SCORE_DEFAULTS,
    calibration_defaults: CALIBRATION_DEFAULTS,
    tool: options.toolVersion,
    experiment: options.experiment,
    taxonomy: options.taxonomy.version,
    gold: options.gold,
    gold_labels: [...options.goldLabels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    repeats: options.repeats,
    baseline: options.baseline,
    configs: options.configs.map(({ config, lines, cascade }) => ({
      ...(cascade ? { cascade } : {}),
      name: config.name,
      model: config.model,
      prompt: config.prompt,
      axes: config.axes,
      labels: lines.map((l) => [`${l.id}#${l.sample_index}`, l.labels, l.confidence] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    })),
  };
  return sha256Hex(canonicalJson(material));
}

/**
 * Why a configuration failed, from its lines of sample_index 0 (labels null = failed, reason from the monitor), by
 * the rule `label` exits 1 on (records/failures.ts, default --max-failed); null when it did not.
 */
export function configFailure(lines: readonly RunLine[]): ConfigFailure | null {
  const first = lines.filter((l) => l.sample_index === 0);
  const failed = first.filter((l) => l.labels === null);
  const labeled = first.length - failed.length;
  const reason = failedVerdict({ labeled, failed: failed.length }, DEFAULT_MAX_FAILED);
  if (!reason) return null;
  const reasons = new FailureReasons();
  for (const l of failed) reasons.add(l.labeling_monitor.error ?? 'no labels', l.id);
  return { reason, labeled, failed: failed.length, top_reasons: reasons.top(5) };
}

/**
 * metrics.json from the runs: the scorer's report per configuration (repeat 0), the overall headline of every
 * repeat, a paired comparison with the baseline configuration, and the calibration of the confidences per
 * dimension (repeat 0, src/calibration). Pure and deterministic (seeded bootstrap, no
 * clock), so the same runs always give the same bytes.
 */
export function buildMetrics(options: BuildMetricsOptions): MetricsFile {
  const { taxonomy, goldLabels } = options;
  const predsOf = (lines: readonly RunLine[], sampleIndex: number): Map<string, Labels | null> =>
    new Map(lines.filter((l) => l.sample_index === sampleIndex && goldLabels.has(l.id)).map((l) => [l.id, l.labels]));
  const base = options.configs.find((c) => c.config.name === options.baseline);
  const basePred = base ? predsOf(base.lines, 0) : null;
  const configs: Record<string, ConfigMetrics> = {};
  for (const { config, lines, cascade } of options.configs) {
    const pred = predsOf(lines, 0);
    const repeats = Array.from({ length: options.repeats }, (_, i) =>
      i === 0 ? null : scoreLabels({ gold: goldLabels, pred: predsOf(lines, i), taxonomy, bootstrap: 0 }).overall,
    );
    const score = scoreLabels({ gold: goldLabels, pred, taxonomy });
    repeats[0] = score.overall;
    const isBase = config.name === options.baseline;
    configs[config.name] = {
      model: config.model,
      prompt: config.prompt,
      axes: config.axes,
      score,
      repeats,
      vs_baseline: isBase || !basePred ? null : comparePaired({ gold: goldLabels, a: basePred, b: pred, taxonomy }),
      failure: configFailure(lines),
      calibration: calibrateDimensions({ gold: goldLabels, pred: withConfidence(lines), taxonomy }),
      ...(cascade ? { cascade } : {}),
    };
  }
  return {
    version: METRICS_VERSION,
    inputs_sha256: metricsInputsHash(options),
    experiment: options.experiment,
    taxonomy_version: taxonomy.version,
    gold: options.gold,
    baseline_config: options.baseline,
    configs,
    ranking: rankConfigs(configs, options.baseline, (a, b) => {
      const pa = options.configs.find((c) => c.config.name === a);
      const pb = options.configs.find((c) => c.config.name === b);
      return pa && pb ? comparePaired({ gold: goldLabels, a: predsOf(pa.lines, 0), b: predsOf(pb.lines, 0), taxonomy }).overall : null;
    }),
  };
}

/** Sample_index 0's labels and confidences by id (a later line of the same id wins, as in predsOf). */
function withConfidence(lines: readonly RunLine[]): Map<string, { labels: Labels | null; confidence: Record<string, number> }> {
  return new Map(lines.filter((l) => l.sample_index === 0).map((l) => [l.id, { labels: l.labels, confidence: l.confidence }]));
}

/**
 * Each configuration against the best overall (src/score/ranking.ts). The comparisons with the baseline
 * configuration are already in vs_baseline (paired, same seed); only the others are computed.
 */
function rankConfigs(
  configs: Record<string, ConfigMetrics>,
  baseline: string,
  compare: (a: string, b: string) => { diff: number | null; p_value: number | null } | null,
): Ranking {
  return rankAgainstBest({
    configs: Object.entries(configs).map(([config, m]) => ({ config, overall: m.score.overall })),
    vsBest: (best, other) => {
      if (best === baseline) return configs[other]?.vs_baseline?.overall ?? null;
      if (other === baseline) {
        const o = configs[best]?.vs_baseline?.overall;
        return o ? { diff: o.diff === null ? null : -o.diff, p_value: o.p_value } : null;
      }
      return compare(best, other);
    },
  });
}
