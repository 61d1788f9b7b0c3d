import { z } from 'zod';

/** Format version of metrics/score JSON; bump when a field changes meaning. */
export const SCORE_REPORT_VERSION = 1;

const num = z.number().nullable();
const note = z.string().optional();
const ci = z.tuple([z.number(), z.number()]).nullable().optional();

const common = {
  n: z.number().int().nonnegative(),
  headline: num.describe('the headline metric value (null when undefined, see headline_note)'),
  headline_note: note,
  headline_metric: z.enum(['kappa', 'kappa_quadratic', 'alpha_masi']),
};

const ConfusionSchema = z.object({
  labels: z.array(z.string()).describe('taxonomy order (rank order when ordinal), then unknown labels, then <none>'),
  matrix: z.array(z.array(z.number())).describe('rows gold, columns pred'),
});

const singleFields = {
  accuracy: num, accuracy_note: note,
  kappa: num, kappa_note: note, kappa_ci95: ci,
  macro_f1: num, macro_f1_note: note,
  confusion: ConfusionSchema,
};

export const SingleScoreSchema = z.object({ kind: z.literal('single'), ...common, ...singleFields });

export const OrdinalScoreSchema = z.object({
  kind: z.literal('ordinal'),
  ...common,
  ...singleFields,
  kappa_linear: num, kappa_linear_note: note,
  kappa_quadratic: num, kappa_quadratic_note: note, kappa_quadratic_ci95: ci,
  within_one: num, within_one_note: note,
  mean_abs_error: num, mean_abs_error_note: note,
  n_invalid: z.number().describe('items whose gold or pred is not a declared level (left out of weighted kappas)'),
});

export const TagScoreSchema = z.object({
  precision: num, recall: num, f1: z.number(), support: z.number(),
});

export const MultiScoreSchema = z.object({
  kind: z.literal('multi'),
  ...common,
  exact_match: num, exact_match_note: note,
  jaccard: num, jaccard_note: note,
  micro_f1: num, micro_f1_note: note,
  macro_f1: num, macro_f1_note: note,
  kappa_macro: num, kappa_macro_note: note,
  kappa_macro_tags: z.number().int().describe('tags whose binary kappa was averaged'),
  kappa_macro_undefined: z.number().int().describe('present tags skipped because their kappa is undefined'),
  alpha_masi: num, alpha_masi_note: note, alpha_masi_ci95: ci,
  per_tag: z.record(z.string(), TagScoreSchema),
});

export const DimensionScoreSchema = z.discriminatedUnion('kind', [SingleScoreSchema, OrdinalScoreSchema, MultiScoreSchema]);
export type DimensionScore = z.infer<typeof DimensionScoreSchema>;

export const CoverageSchema = z.object({
  gold_only: z.array(z.string()).describe('ids in gold without a prediction: reported, not scored'),
  pred_only: z.array(z.string()).describe('ids predicted but not in gold: reported, not scored'),
  failed: z.array(z.string()).describe('scored ids whose prediction is null (labeling failed): counted as wrong'),
});

/** The JSON written by `sft-label score --json` and read by later stages (metrics.json). */
export const ScoreReportSchema = z.object({
  version: z.literal(SCORE_REPORT_VERSION),
  taxonomy_version: z.string(),
  n: z.number().int().nonnegative().describe('items scored (ids in both gold and pred)'),
  bootstrap: z.object({ resamples: z.number().int().nonnegative(), seed: z.number().int() }),
  dimensions: z.record(z.string(), DimensionScoreSchema),
  overall: num.describe('macro mean of the defined dimension headlines'),
  overall_note: note,
  overall_ci95: ci,
  coverage: CoverageSchema,
});
export type ScoreReport = z.infer<typeof ScoreReportSchema>;
