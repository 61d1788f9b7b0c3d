export { createLlmLabeler, labelSample, rawLabels, LLM_LABELER, type PipelineContext } from './labeler.js';
export { createCascadeLabeler, type CascadeLabelerOptions } from './cascade.js';
export { LlmLabelerSettingsSchema, type LlmLabelerSettings, type LlmLabelerOptions, type PipelineModel } from './options.js';
export { runCall, parseAnswer, type CallContext, type CallSpec, type CallOutcome } from './call.js';
export { arbitrate, type ArbitrationInput, type ArbitrationResult } from './arbitrate.js';
export { voteSingle, voteMulti, type SingleVote, type MultiVote, type MultiVoteOptions } from './vote.js';
export {
  estimateCost,
  DEFAULT_ESTIMATE_ASSUMPTIONS,
  MESSAGE_OVERHEAD,
  type Estimate,
  type EstimateOptions,
  type EstimateAssumptions,
  type SampleEstimate,
} from './estimate.js';
export { buildClientStack, resolveConnection, type ClientStackOptions, type ClientStack } from './stack.js';
