import type { CalibrationReport } from '../calibration/index.js';
import type { DimensionKind, Ranking, ScoreReport } from '../score/index.js';
import type { Labels } from '../taxonomy/index.js';

/**
 * Everything the renderers (HTML, Markdown, terminal) need, in one plain value. Built by buildReportModel from a
 * run's results (the runner's runReportModel: at the end of a run, or read back from its folder by `report RUN_DIR`)
 * or from any scorer outputs; renderers never read files.
 */
export interface ReportModel {
  experiment: string;
  /** When the report was rendered (ISO). */
  generatedAt: string;
  versions: ReportVersions;
  /** Run timing; null when only scores are known. */
  run: { startedAt: string; finishedAt: string; elapsedMs: number; status: string } | null;
  /** Configuration every other one is compared with. */
  baseline: string;
  dimensions: ReportDimension[];
  configs: ReportConfig[];
  /** Inter-annotator agreement on the gold set, per dimension, in each dimension's headline metric. */
  ceiling: Record<string, CeilingValue>;
  /** Gold samples where at least one configuration disagrees with gold on at least one dimension. */
  disagreements: DisagreementSample[];
  /** Templates of the prompt versions used by the run, for the diff. */
  prompts: PromptText[];
  /** Things a reader should know (missing files, lenient parsing). */
  notes: string[];
  /** Configurations by overall, each against the best, ties named (src/score/ranking.ts); null for runs from before it. */
  ranking: Ranking | null;
  /**
   * What the gold set can resolve: per configuration, the minimum drop of each dimension's headline that the paired
   * test flags with 80% power (95% CI), measured from the baseline configuration with this one's discordance as
   * background (score/detectable.ts). Empty when predictions are not known.
   */
  detectable: Array<{ config: string; n: number; drops: Record<string, number | null> }>;
}

export interface ReportVersions {
  tool: string;
  taxonomy: string;
  /** prompt version -> content hash. */
  prompts: Record<string, string>;
  gold: { name: string; version: string; sha256: string; samples: number };
}

export interface ReportDimension {
  id: string;
  kind: DimensionKind;
  headlineMetric: string;
}

/** Difference of one configuration against the baseline on one dimension (or overall): B - A, B = this config. */
export interface BaselineDiff {
  diff: number | null;
  diff_ci95: [number, number] | null;
  p_value: number | null;
}

export interface ReportConfig {
  name: string;
  model: string;
  prompt: string | null;
  axes: Record<string, boolean | number>;
  score: ScoreReport;
  /** Null for the baseline itself. */
  vsBaseline: { dimensions: Record<string, BaselineDiff>; overall: BaselineDiff } | null;
  /** Cost, tokens, latency and rates from run.json; null when it is missing. */
  stats: ConfigStats | null;
  /** Overall headline of each repeat (sample_index 0..N-1; metrics.json `repeats`); [] when unknown. */
  repeats: Array<number | null>;
  /** Why the configuration failed (its scores are not a result); null when it did not. */
  failure: string | null;
  /** Calibration of the confidences per dimension (metrics.json); null when the metrics predate it. */
  calibration: CalibrationReport | null;
  /** Cascades only (metrics.json `cascade`): how it routes and what it costs next to its two configurations. */
  cascade?: ReportCascade | null;
}

export interface ReportCascade {
  first: string;
  then: string;
  /** Calls asked again of the second model / calls. */
  escalationShare: number | null;
  costPerSample: number | null;
  firstCostPerSample: number | null;
  thenCostPerSample: number | null;
  /** Confidence informative and not every call escalated; else no saving is proposed. */
  saving: boolean;
  verdict: string;
}

export interface ConfigStats {
  samples: number;
  labeled: number;
  failed: number;
  costUsd: number | null;
  costPerSample: number | null;
  tokens: { prompt: number; completion: number; cached: number };
  tokensPerSample: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
  failureRate: number | null;
  unmappedRate: number | null;
  arbitrationRate: number | null;
  cacheHitRate: number | null;
}

export interface CeilingValue {
  /** Mean over annotator pairs of the pairwise headline metric (the same metric as the dimension's headline). */
  value: number | null;
  metric: string;
  annotators: string[];
}

export interface DisagreementSample {
  id: string;
  /** Start of the first user turn (and of the first answer), plain text, already shortened. */
  excerpt: string;
  gold: Labels;
  /** config name -> its labels (null = labeling failed; absent = not labeled). */
  preds: Record<string, Labels | null>;
  /** Dimensions on which at least one configuration differs from gold. */
  dims: string[];
}

export interface PromptText {
  version: string;
  hash: string;
  /** Template file name -> its text. */
  files: Record<string, string>;
}

/** A difference is significant when its bootstrap p-value is below 0.05 and the 95% CI excludes 0. */
export const SIGNIFICANCE_LEVEL = 0.05;

export function isSignificant(d: BaselineDiff | undefined): boolean {
  if (!d || d.diff === null || d.p_value === null || d.p_value >= SIGNIFICANCE_LEVEL) return false;
  return d.diff_ci95 === null || d.diff_ci95[0] > 0 || d.diff_ci95[1] < 0;
}
