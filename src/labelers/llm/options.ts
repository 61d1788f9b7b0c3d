import { z } from 'zod';
import type { PromptVersion } from '../../prompts/index.js';
import { LABELING_DEFAULTS, LabelingOptionsSchema } from '../options.js';
import type { Taxonomy } from '../../taxonomy/index.js';
import type { ChatClient, ChatUsage, Prices, ResponseFormatMode } from '../../llm/index.js';

/**
 * The tunable numbers of the LLM labeler, camelCase: the fields (defaults, bounds, descriptions) of LabelingOptionsSchema
 * (../options.ts), so `label` and `run` default alike. max_tokens keeps its looser bound here (any positive count).
 */
const o = LabelingOptionsSchema.shape;
export const LlmLabelerSettingsSchema = z.object({
  temperature: o.temperature,
  maxTokens: z.int().positive().default(LABELING_DEFAULTS.max_tokens).describe(o.max_tokens.description ?? ''),
  confidenceThreshold: o.confidence_threshold,
  arbitration: o.arbitration,
  arbitrationK: o.arbitration_k,
  arbitrationTemperature: o.arbitration_temperature,
  tokenBudget: o.token_budget,
});
export type LlmLabelerSettings = z.infer<typeof LlmLabelerSettingsSchema>;

/** A model as the pipeline needs it (a ResolvedModel from the registry fits). */
export interface PipelineModel {
  /** Registry id, recorded in the monitor. */
  id: string;
  /** Name sent on the wire. */
  providerModel: string;
  responseFormat: ResponseFormatMode;
  /** Null or absent: cost is recorded as null. */
  prices?: Prices | null;
}

export interface LlmLabelerOptions extends z.input<typeof LlmLabelerSettingsSchema> {
  taxonomy: Taxonomy;
  client: ChatClient;
  model: PipelineModel;
  /** A version name (loaded from the bundled prompts) or a loaded version. */
  promptVersion: string | PromptVersion;
  /** Dollars for one call's usage; default: costUsd with the model's prices. */
  costFn?: (usage: ChatUsage) => number | null;
}
