/**
 * The labeling stage: a conversation and its signals -> labels, confidence and the labeling monitor.
 * `resolveLabeler` finds a labeler by model id (`rules`, or an LLM of the registry); `labelOne` is the one way a
 * sample is labeled (never throws); `outputRecord` is the labeled record written to every output.
 */
export * from './monitor.js';
export type { Labeler } from './types.js';
export { createBreaker, permanentFailure, BREAKER_PROBE, type Breaker, type BreakerTrip, type BreakerOptions } from './breaker.js';
export { labelOne, labelPreprocessed, failedOutcome, outputRecord, type LabelOneContext, type LabelerIdentity } from './engine.js';
export { resolveLabeler, RULES_MODEL, type ResolveLabelerOptions, type ResolvedLabeler, type LabelTraffic } from './registry.js';
export { createRulesLabeler, type RulesLabelerOptions } from './rules/index.js';
