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
  sharedAnswerJsonSchema,
  callDimensions,
  responseFormatFor,
  portableJsonSchema,
  type DimensionAnswer,
  type CallAnswer,
} from './answer.js';
export { createPromptRenderer, type PromptRenderer, type RendererOptions, type RenderedCall, type SampleInput, type FitRequest } from './render.js';
export { answerText } from './followup.js';
export { FENCE, escapeSampleText, renderFencedTurn } from './fence.js';
export { parseGuide, guideSections, type Guide, type GuideSection } from './guide.js';

/**
 * Prompt version used when none is named: v3 (the annotation guide in the prompt, call 2 as a cached follow-up turn,
 * an escaped fence). `v1` (terse) and `v2` (taxonomy descriptions) stay as baselines.
 */
export const DEFAULT_PROMPT_VERSION = 'v3';
