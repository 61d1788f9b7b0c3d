export { PromptMetaSchema, FewShotSchema, FewShotFileSchema, type PromptMeta, type FewShot } from './schema.js';
export {
  loadPromptVersion,
  listPromptVersions,
  splitTemplate,
  DEFAULT_PROMPTS_DIR,
  CALLS,
  type CallName,
  type PromptVersion,
  type PromptDirOptions,
  type TemplatePair,
} from './load.js';
export { fitConversation, renderTurn, tokenizer, DEFAULT_TOKEN_BUDGET, type FitOptions, type FittedConversation, type Truncation } from './conversation.js';
export {
  DimensionAnswerSchema,
  answerZodSchema,
  answerJsonSchema,
  callDimensions,
  responseFormatFor,
  type DimensionAnswer,
  type CallAnswer,
} from './answer.js';
export { createPromptRenderer, type PromptRenderer, type RendererOptions, type RenderedCall, type SampleInput } from './render.js';

/** Prompt version used when none is named (the fuller one; `v1` is the terse baseline). */
export const DEFAULT_PROMPT_VERSION = 'v2';
