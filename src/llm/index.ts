/** Public surface of the LLM client stage: endpoint, model registry, retry policy, client, JSON extraction. */
export type * from './types.js';
export { createOpenAiChatClient, failedAttemptsOf, type OpenAiChatClientOptions } from './client.js';
export { resolveEndpoint, normaliseEndpoint, endpointHost, ENDPOINT_ENV, GATEWAY_ENV, type Endpoint, type ResolveEndpointOptions } from './endpoint.js';
export { chatBody, type WireOptions } from './wire.js';
export {
  loadModelRegistry,
  parseModelRegistry,
  checkModelRegistryText,
  resolveModel,
  modelForEndpoint,
  wireOptionsOf,
  REASONING_ID,
  DEFAULT_MODELS_PATH,
  ModelEntrySchema,
  ModelsFileSchema,
  PricesSchema,
  TIERS,
  wireNamesOf,
  type ModelRegistry,
  type ResolvedModel,
  type ResolveModelOptions,
  type ModelEntry,
  type ModelsFile,
  type Prices,
  type Tier,
} from './registry.js';
export { costUsd, type CostOptions } from './cost.js';
export {
  RetryPolicySchema,
  DEFAULT_RETRY_POLICY,
  retryDelay,
  isRetryable,
  parseRetryAfter,
  type RetryPolicy,
  type FailureKind,
  type HeaderLookup,
} from './retry.js';
export { extractJsonObject, type ExtractedJson } from './json.js';
export { readAnswer, readUsage } from './response.js';
export { didYouMean, didYouMeanSuffix, editDistance } from '../util/didyoumean.js';
export {
  AdaptiveLimiter,
  LimiterPool,
  initialLimiterState,
  limiterPolicy,
  nextLimiterState,
  overloadOf,
  overloadWithoutPause,
  type Limiter,
  type LimiterEvent,
  type LimiterFactory,
  type LimiterOptions,
  type LimiterPolicy,
  type LimiterPoolOptions,
  type LimiterSnapshot,
  type LimiterState,
  type Overload,
} from './adaptive.js';
export { createStoppableChatClient } from './stoppable.js';
export { createAdaptiveChatClient, overloadBackoffMs, type AdaptiveChatClientOptions, type HttpCounters } from './adaptive-client.js';
export { PinnedModelSchema, pinModel, registryEntryOf, type PinnedModel } from './pinned.js';
export { refusalFix } from './failure.js';
