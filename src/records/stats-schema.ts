import { z } from 'zod';

/** Format version of stats_*.json; bump on any incompatible change (merge, drift and reports read it). */
export const LABEL_STATS_VERSION = 1;

/** One record that was not labeled: a bad input record (stage `input`) or a labeler failure (stage `labeler`). */
export const FailureSchema = z.object({
  id: z.string().optional(),
  /** 0-based position among the input's records; -1 for a record taken from a resumed output but absent from this input. */
  index: z.number().int(),
  /** 1-based line for JSONL inputs. */
  line: z.number().int().positive().optional(),
  stage: z.enum(['input', 'labeler']),
  reason: z.string(),
});
export type Failure = z.infer<typeof FailureSchema>;

const count = z.number().int().nonnegative();

export const ConfidenceSummarySchema = z.object({
  n: count,
  mean: z.number().nullable(),
  min: z.number().nullable(),
  /** 10th percentile (nearest rank), from a 0.001-wide histogram so memory stays constant. */
  p10: z.number().nullable(),
});
export type ConfidenceSummary = z.infer<typeof ConfidenceSummarySchema>;

/** stats_*.json: everything a later stage (merge, drift, reports) needs to know about one labeling run. */
export const LabelStatsSchema = z.object({
  version: z.literal(LABEL_STATS_VERSION),
  /** false while the run is going (stats are rewritten periodically) or when it was interrupted. */
  complete: z.boolean(),
  tool_version: z.string(),
  taxonomy_version: z.string(),
  model: z.string(),
  labeler: z.string(),
  /** From the labeler's monitor; null for the rules labeler. */
  prompt_version: z.string().nullable(),
  input: z.string(),
  output: z.string(),
  monitor: z.string(),
  selection: z.object({
    limit: z.number().int().nullable(),
    shuffle: z.boolean(),
    seed: z.number().int().nullable(),
    shard: z.string().nullable(),
    resume: z.boolean(),
    retry_failed: z.boolean(),
  }),
  started_at: z.string(),
  /**
   * What a resume must match (absent in stats from before it): the input's size and the sha256 of its first
   * `input_head_bytes` bytes (its first MiB, or all of a smaller file; a resume hashes as many bytes of its input, so
   * a grown input still resumes and another file does not), and the labeling options that shape the answers.
   */
  resume_key: z
    .object({
      input_bytes: count,
      input_head_bytes: count,
      input_head_sha256: z.string(),
      options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    })
    .optional(),
  finished_at: z.string().nullable(),
  elapsed_s: z.number().nonnegative(),
  /** records_in = labeled + failed, always. */
  records_in: count,
  labeled: count,
  failed: count,
  input_failed: count,
  labeler_failed: count,
  /** Of records_in, those already in the output from an earlier run (resume), not labeled again. */
  resumed: count,
  /** Records with more than 1 MB of text (still labeled). */
  oversized: count,
  /** At most 10,000 entries; the rest are counted in failures_omitted. */
  failures: z.array(FailureSchema),
  failures_omitted: count,
  /** The most frequent failure reasons (at most 10, largest first; ids and attempt counts taken out, records/failures.ts). */
  failure_reasons: z.array(z.object({ reason: z.string(), count })).default([]),
  /** Per dimension: tag id -> number of labeled records carrying it. */
  distributions: z.record(z.string(), z.record(z.string(), count)),
  confidence: z.record(z.string(), ConfidenceSummarySchema),
  arbitration: z.object({ samples: count, rate: z.number(), by_dimension: z.record(z.string(), count) }),
  /**
   * Cascades only (absent otherwise): samples with a call asked again of the second model, those calls, the share of
   * calls escalated (escalated calls / 2 per labeled or failed sample), low dimensions by name, and what the second
   * model's calls cost (included in cost.total_usd).
   */
  escalation: z
    .object({ samples: count, calls: count, rate: z.number(), by_dimension: z.record(z.string(), count), by_model: z.record(z.string(), count), cost_usd: z.number().nonnegative() })
    .optional(),
  unmapped: z.object({
    samples: count,
    rate: z.number(),
    total: count,
    /** Per dimension: unmapped value -> count (at most 200 distinct values per dimension). */
    by_dimension: z.record(z.string(), z.record(z.string(), count)),
  }),
  violations: z.object({ samples: count, rate: z.number(), by_rule: z.record(z.string(), count) }),
  calls: z.object({
    total: count,
    cache_hits: count,
    errors: count,
    /** HTTP attempts that failed inside calls (retried ones included, also when the call then succeeded). */
    failed_attempts: count.default(0),
    /** Calls that needed more than one attempt. */
    retried: count.default(0),
  }),
  tokens: z.object({ prompt: count, completion: count, cached: count, total: count }),
  cost: z.object({
    total_usd: z.number().nonnegative(),
    /** total_usd / records given to the labeler (labeled + labeler_failed); null when none. */
    per_sample_usd: z.number().nullable(),
    /** Calls whose model has no price: their cost is missing from total_usd. */
    unpriced_calls: count,
  }),
  throughput: z.object({ records_per_s: z.number().nonnegative() }),
  /** Peak resident set size of the labeling process (process.resourceUsage().maxRSS). */
  peak_rss_mb: z.number().nonnegative(),
});
export type LabelStats = z.infer<typeof LabelStatsSchema>;
