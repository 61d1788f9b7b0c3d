import { z } from 'zod';
import { DEFAULT_TOKEN_BUDGET } from '../prompts/index.js';

/**
 * The labeling options, defined once with one set of defaults: experiment files (`options:`, src/runner), lock files
 * (`options:`, src/production) and `label` flags (through the LLM labeler's settings) all mean the same by the same
 * configuration. File-facing (snake_case); the LLM labeler's settings take their defaults from here.
 */
export const LabelingOptionsSchema = z.object({
  arbitration: z.boolean().default(true).describe('re-ask dimensions below confidence_threshold and vote (default true)'),
  confidence_threshold: z.number().min(0).max(1).default(0.65).describe('dimensions below this confidence are arbitrated (default 0.65)'),
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
