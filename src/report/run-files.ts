import { z } from 'zod';
import { ScoreReportSchema } from '../score/index.js';
import { LabelsSchema } from '../taxonomy/index.js';

/**
 * The parts of a run folder the report reads (metrics.json, run.json, runs/<config>.jsonl), parsed leniently:
 * unknown fields pass, fields the report does not draw are not required, so a report can be rendered from a run
 * written by an older or newer tool. The runner owns the strict schemas (src/runner/results.ts); these only
 * name what the report relies on.
 */

const Ci = z.tuple([z.number(), z.number()]).nullable().default(null);
const Diff = z.looseObject({ diff: z.number().nullable(), diff_ci95: Ci, p_value: z.number().nullable().default(null) });

export const ReportGoldInfoSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  labels_sha256: z.string().default(''),
  path: z.string().default(''),
  samples: z.number().int().nonnegative().default(0),
});

export const ReportMetricsSchema = z.looseObject({
  experiment: z.string(),
  taxonomy_version: z.string(),
  gold: ReportGoldInfoSchema,
  baseline_config: z.string(),
  configs: z.record(
    z.string(),
    z.looseObject({
      model: z.string(),
      prompt: z.string().nullable().default(null),
      axes: z.record(z.string(), z.union([z.boolean(), z.number()])).default({}),
      score: ScoreReportSchema,
      vs_baseline: z.looseObject({ dimensions: z.record(z.string(), Diff), overall: Diff }).nullable().default(null),
    }),
  ),
});
export type ReportMetrics = z.infer<typeof ReportMetricsSchema>;

const n = z.number().nullable().default(null);
const count = z.number().int().nonnegative().default(0);

export const ReportRunRecordSchema = z.looseObject({
  experiment: z.looseObject({ name: z.string(), file: z.string().default('') }).optional(),
  tool_version: z.string().default('unknown'),
  taxonomy_version: z.string().default('unknown'),
  prompts: z.record(z.string(), z.looseObject({ hash: z.string() })).default({}),
  gold: ReportGoldInfoSchema.optional(),
  status: z.string().default('unknown'),
  started_at: z.string().default(''),
  finished_at: z.string().default(''),
  elapsed_ms: z.number().nonnegative().default(0),
  configs: z
    .record(
      z.string(),
      z.looseObject({
        samples: count,
        labeled: count,
        failed: count,
        cache: z.looseObject({ hit_rate: n }).optional(),
        tokens: z.looseObject({ prompt: count, completion: count, cached: count }).default({ prompt: 0, completion: 0, cached: 0 }),
        cost_usd: n,
        cost_usd_full: n,
        latency_ms: z.looseObject({ p50: n, p95: n }).default({ p50: null, p95: null }),
        arbitration_rate: n,
        unmapped_rate: n,
      }),
    )
    .default({}),
});
export type ReportRunRecord = z.infer<typeof ReportRunRecordSchema>;

/** One line of runs/<config>.jsonl: the gold record (any input variant) plus its labels. */
export const ReportRunLineSchema = z.looseObject({
  id: z.string(),
  sample_index: z.number().int().nonnegative().default(0),
  labels: LabelsSchema.nullable(),
});
export type ReportRunLine = z.infer<typeof ReportRunLineSchema>;
