import { z } from 'zod';
import { DEFAULT_TOKEN_BUDGET, type PromptVersion } from '../../prompts/index.js';
import type { Taxonomy } from '../../taxonomy/index.js';
import type { ChatClient, ChatUsage, Prices, ResponseFormatMode } from '../../llm/index.js';

/** The tunable numbers of the LLM labeler; defaults live here. */
export const LlmLabelerSettingsSchema = z.object({
  temperature: z.number().min(0).max(2).default(0).describe('Temperature of call 1 and call 2.'),
  maxTokens: z.number().int().positive().default(2048).describe('max_tokens per request (answers are ~150-400 tokens; reasoning models need room).'),
  confidenceThreshold: z.number().min(0).max(1).default(0.65).describe('Dimensions below it are arbitrated.'),
  arbitration: z.boolean().default(true),
  arbitrationK: z.number().int().positive().default(3).describe('Re-asks per arbitrated call.'),
  arbitrationTemperature: z.number().min(0).max(2).default(0.3),
  tokenBudget: z.number().int().positive().default(DEFAULT_TOKEN_BUDGET).describe('Conversation tokens per prompt; longer ones are cut in the middle.'),
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
