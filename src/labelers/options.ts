import { z } from 'zod';
import { DEFAULT_TOKEN_BUDGET } from '../prompts/index.js';
import { DIMENSION_IDS } from '../taxonomy/index.js';

/** The default confidence threshold: a dimension below it is arbitrated (or, in a cascade, escalated). */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.65;

const Fraction = z.number().min(0).max(1);
/**
 * `confidence_threshold`: one number for every dimension, or one per dimension (`{intent: 0.8, concept: 0.55,
 * default: 0.65}`: a dimension not named takes `default`, else 0.65). A dimension whose confidence is below its
 * threshold is "low": arbitrated by a single model, escalated to the second model by a cascade. Per-dimension values
 * are what `sft-label calibrate` proposes from gold and what `promote` writes for a cascade.
 */
export const ConfidenceThresholdSchema = z.union([
  Fraction,
  z.record(z.string(), Fraction).superRefine((v, ctx) => {
    for (const key of Object.keys(v)) {
      if (key !== 'default' && !(DIMENSION_IDS as readonly string[]).includes(key)) ctx.addIssue({ code: 'custom', path: [key], message: `unknown dimension "${key}" (known: default, ${DIMENSION_IDS.join(', ')})` });
    }
  }),
]);
export type ConfidenceThreshold = z.infer<typeof ConfidenceThresholdSchema>;

/** The threshold of one dimension. */
export function thresholdFor(threshold: ConfidenceThreshold, dimension: string): number {
  if (typeof threshold === 'number') return threshold;
  return threshold[dimension] ?? threshold.default ?? DEFAULT_CONFIDENCE_THRESHOLD;
}

/**
 * The labeling options, defined once with one set of defaults: experiment files (`options:`, src/runner), lock files
 * (`options:`, src/production) and `label` flags (through the LLM labeler's settings) all mean the same by the same
 * configuration. File-facing (snake_case); the LLM labeler's settings take their defaults from here.
 */
export const LabelingOptionsSchema = z.object({
  arbitration: z.boolean().default(true).describe('re-ask dimensions below confidence_threshold and vote (default true)'),
  confidence_threshold: ConfidenceThresholdSchema.default(DEFAULT_CONFIDENCE_THRESHOLD).describe(
    'dimensions below this confidence are arbitrated, or escalated in a cascade (default 0.65); one number, or {<dimension>: x, default: x}',
  ),
  arbitration_k: z.int().positive().default(3).describe('re-asks per arbitrated call (default 3)'),
  temperature: z.number().min(0).max(2).default(0).describe('temperature of call 1 and call 2 (default 0)'),
  arbitration_temperature: z.number().min(0).max(2).default(0.3).describe('temperature of the arbitration re-asks (default 0.3)'),
  max_tokens: z
    .int()
    .min(16)
    .max(200_000)
    .default(2048)
    .describe('max_tokens per request (default 2048: answers are ~150-400 tokens; reasoning models need more)'),
  token_budget: z
    .int()
    .positive()
    .default(DEFAULT_TOKEN_BUDGET)
    .describe(`conversation tokens per prompt, longer ones are cut in the middle (default ${DEFAULT_TOKEN_BUDGET})`),
});
export type LabelingOptions = z.infer<typeof LabelingOptionsSchema>;

/** The defaults, for code that takes the options one by one (the LLM labeler's camelCase settings). */
export const LABELING_DEFAULTS: LabelingOptions = LabelingOptionsSchema.parse({});

/**
 * The options an experiment or a lock records: the ones a configuration varies and is scored with. (k, the
 * arbitration temperature and the token budget keep their defaults there, so existing configuration hashes and
 * cache keys stay as they were.)
 */
export const RecordedOptionsSchema = LabelingOptionsSchema.pick({ arbitration: true, confidence_threshold: true, temperature: true, max_tokens: true });
