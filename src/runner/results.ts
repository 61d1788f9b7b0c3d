import { z } from 'zod';
import { PinnedModelSchema } from '../llm/index.js';
import { LabelingMonitorSchema } from '../labelers/monitor.js';
import { CalibrationReportSchema } from '../calibration/index.js';
import { RankingSchema, ScoreReportSchema } from '../score/index.js';
import { ConfidenceSchema, LabelsSchema } from '../taxonomy/index.js';

/**
 * The files a run leaves in reports/<experiment>/ besides runs/<config>.jsonl: metrics.json (scores, deterministic:
 * a re-run from cache writes the same bytes) and run.json (provenance, timings, cost: differs run to run).
 * `sft-label report RUN_DIR` reads them back through these schemas (read-run.ts) to render the report again.
 */

export const METRICS_VERSION = 1;
export const RUN_RECORD_VERSION = 1;

const Ci = z.tuple([z.number(), z.number()]).nullable();
const McNemarSchema = z
  .object({ a_only: z.int().nonnegative(), b_only: z.int().nonnegative(), p_value: z.number() })
  .describe("McNemar's exact test on per-sample exact match: right only under A, only under B, two-sided p");

/** One dimension of a paired comparison (scorer's comparePaired): B - A, positive = the configuration is better. */
export const PairedDimensionSchema = z.object({
  headline_metric: z.string(),
  a: z.number().nullable(),
  b: z.number().nullable(),
  diff: z.number().nullable(),
  diff_ci95: Ci,
  p_value: z.number().nullable(),
  mcnemar: McNemarSchema,
});

export const PairedReportSchema = z.object({
  version: z.literal(1),
  n: z.int().nonnegative(),
  bootstrap: z.object({ resamples: z.int(), seed: z.int() }),
  dimensions: z.record(z.string(), PairedDimensionSchema),
  overall: z.object({ a: z.number().nullable(), b: z.number().nullable(), diff: z.number().nullable(), diff_ci95: Ci, p_value: z.number().nullable() }),
  mcnemar_all: McNemarSchema,
  excluded: z.object({ missing_in_a: z.array(z.string()), missing_in_b: z.array(z.string()), not_in_gold: z.array(z.string()) }),
  failed: z.object({ a: z.array(z.string()), b: z.array(z.string()) }),
});
export type PairedReportRecord = z.infer<typeof PairedReportSchema>;

/** What names a configuration in every saved file. */
export const ConfigurationInfoSchema = z.object({
  model: z.string(),
  prompt: z.string().nullable().describe('prompt version, null for a model that takes no prompt (rules)'),
  axes: z.record(z.string(), z.union([z.boolean(), z.number()])).describe('option-axis values that set it apart'),
});

const EstimateSchema = z.object({ value: z.number().nullable(), ci95: Ci });

/** metrics.json `configs.<cascade>.cascade`: how the cascade was made from its two configurations. */
export const CascadeInfoSchema = z.object({
  first: z.string().describe('configuration that labels everything'),
  then: z.string().describe('configuration asked again for calls with a low dimension'),
  thresholds: z.record(z.string(), z.number()).describe('per-dimension thresholds chosen on all gold (what promote locks)'),
  saving: z.boolean().describe('confidence is informative and not every call is escalated (else no saving is proposed)'),
  verdict: z.string(),
  folds: z.int().positive().describe('cross-fitting folds: each sample was routed by thresholds chosen on the other folds'),
  calls: z.int().nonnegative().describe('calls of the scored samples (2 per sample)'),
  escalated_calls: z.int().nonnegative(),
  escalation_share: z.number().nullable().describe('escalated calls / calls: the share sent to the second model'),
  escalation_ci95: Ci,
  agreement: EstimateSchema.describe('out-of-fold exact agreement with gold, every dimension pooled'),
  lift: EstimateSchema.describe('agreement minus routing the same share at random'),
  cost_per_sample_usd: z.number().nullable().describe('list price of the calls the cascade makes, per sample'),
  first_cost_per_sample_usd: z.number().nullable(),
  then_cost_per_sample_usd: z.number().nullable(),
});
export type CascadeInfo = z.infer<typeof CascadeInfoSchema>;

/** Why a configuration counts as failed (records/failures.ts, the same rule as `label`'s exit 1). */
export const ConfigFailureSchema = z.object({
  reason: z.string().describe('nothing labeled, or more failed samples than the default --max-failed (10%)'),
  labeled: z.int().nonnegative(),
  failed: z.int().nonnegative(),
  top_reasons: z.array(z.object({ reason: z.string(), count: z.int().nonnegative() })).describe('most frequent failure reasons, largest first'),
});
export type ConfigFailure = z.infer<typeof ConfigFailureSchema>;

export const ConfigMetricsSchema = ConfigurationInfoSchema.extend({
  score: ScoreReportSchema.describe('scores of sample_index 0 against gold'),
  repeats: z.array(z.number().nullable()).describe('overall headline of each repeat (sample_index 0..N-1)'),
  vs_baseline: PairedReportSchema.nullable().describe('paired comparison with the baseline configuration (null for the baseline itself)'),
  failure: ConfigFailureSchema.nullable()
    .optional()
    .describe('set when the configuration failed (its scores are not a result: `promote` refuses it); null or absent when it did not'),
  calibration: CalibrationReportSchema.optional().describe(
    'per dimension: ece, brier, auroc (+ CI), reliability bins, accuracy-coverage curve and verdict of sample_index 0 ' +
      '(src/calibration/README.md); absent in files written before it',
  ),
  cascade: CascadeInfoSchema.optional().describe('cascades only: how it was made from its two configurations'),
});
export type ConfigMetrics = z.infer<typeof ConfigMetricsSchema>;

export const GoldInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  labels_sha256: z.string(),
  path: z.string(),
  samples: z.int().nonnegative().describe('gold samples used (after options.limit)'),
});

export const MetricsFileSchema = z.object({
  version: z.literal(METRICS_VERSION),
  inputs_sha256: z.string().describe('hash of everything the metrics are computed from (see metricsInputsHash)'),
  experiment: z.string(),
  taxonomy_version: z.string(),
  gold: GoldInfoSchema,
  baseline_config: z.string().describe('configuration every other one is compared with'),
  configs: z.record(z.string(), ConfigMetricsSchema),
  ranking: RankingSchema.optional().describe('configurations by overall, each compared with the best; ties named (absent in files from before it)'),
});
export type MetricsFile = z.infer<typeof MetricsFileSchema>;

const Tokens = z.object({ prompt: z.int().nonnegative(), completion: z.int().nonnegative(), cached: z.int().nonnegative() });

export const ConfigRunStatsSchema = ConfigurationInfoSchema.extend({
  samples: z.int().nonnegative().describe('samples x repeats this configuration has to label'),
  labeled: z.int().nonnegative(),
  failed: z.int().nonnegative(),
  missing: z.int().nonnegative().describe('not labeled at all (interrupted, or read-only cache misses)'),
  resumed: z.int().nonnegative().describe('finished in an earlier run, not labeled again'),
  cache: z.object({ hits: z.int().nonnegative(), misses: z.int().nonnegative(), writes: z.int().nonnegative(), hit_rate: z.number().nullable() }),
  http_requests: z.int().nonnegative().describe('HTTP attempts sent by this run (retries included)'),
  rate_limited: z.int().nonnegative().describe('HTTP 429 answers in this run'),
  tokens: Tokens.describe('usage of every call of every finished sample (cache hits included)'),
  cost_usd: z.number().nonnegative().nullable().describe('spent by this run (cache hits cost nothing); null when the model has no price'),
  cost_usd_full: z.number().nonnegative().nullable().describe('what every finished sample cost at list price, cached or not'),
  latency_ms: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }).describe('per labeled sample, as recorded'),
  arbitration_rate: z.number().nullable().describe('labeled samples with at least one arbitrated dimension / labeled samples (records/rates.ts); null when none is labeled'),
  unmapped_rate: z.number().nullable().describe('labeled samples with at least one unmapped tag / labeled samples (records/rates.ts); null when none is labeled'),
  elapsed_ms: z.number().nonnegative(),
  pinned: PinnedModelSchema.optional().describe(
    'what an LLM configuration sent: registry entry, wire model, endpoint host (never a key); promote copies it into the lock. Absent for rules and in older run.json files',
  ),
  stopped: z
    .string()
    .optional()
    .describe('set when the configuration was stopped early: its first samples were all refused the same way (why, and what to check)'),
});
export type ConfigRunStats = z.infer<typeof ConfigRunStatsSchema>;

export const RunRecordSchema = z.object({
  version: z.literal(RUN_RECORD_VERSION),
  experiment: z.object({ name: z.string(), file: z.string(), sha256: z.string() }),
  tool_version: z.string(),
  taxonomy_version: z.string(),
  prompts: z.record(z.string(), z.object({ hash: z.string() })).describe('prompt version -> content hash'),
  gold: GoldInfoSchema.extend({
    dir: z
      .string()
      .optional()
      .describe(
        'the gold set folder the run read, relative to the folder holding run.json (what `report RUN_DIR` reads). ' +
          'Absent in run.json files written before it: those fall back to `path` taken from the experiment file\'s folder',
      ),
    available: z
      .int()
      .nonnegative()
      .optional()
      .describe('samples the gold set has; above `samples` when the run was cut by --limit / options.limit (a partial run: `promote` refuses it)'),
  }),
  cache: z.object({ mode: z.string(), location: z.string().nullable() }),
  status: z.enum(['complete', 'interrupted', 'cache-misses']),
  started_at: z.string(),
  finished_at: z.string(),
  elapsed_ms: z.number().nonnegative(),
  endpoints: z.record(z.string(), z.object({ limit: z.int(), overloads: z.int(), rate_limited: z.int() })).describe('final adaptive limit per endpoint'),
  configs: z.record(z.string(), ConfigRunStatsSchema),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** One line of runs/<config>.jsonl: the gold sample record plus its labeling outcome. */
export const RunLineSchema = z.looseObject({
  id: z.string(),
  sample_index: z.int().nonnegative(),
  config: z.string(),
  config_hash: z.string().describe('fingerprint of what made the line (model, prompt content, options); resume re-runs lines of another'),
  labels: LabelsSchema.nullable(),
  confidence: ConfidenceSchema.default({}),
  labeling_monitor: LabelingMonitorSchema,
});
export type RunLine = z.infer<typeof RunLineSchema>;
