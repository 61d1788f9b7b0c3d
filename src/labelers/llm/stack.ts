import { createCachingChatClient, type Cache, type CacheMode, type CachingChatClient } from '../../cache/index.js';
import {
  createAdaptiveChatClient,
  createOpenAiChatClient,
  createStoppableChatClient,
  ENDPOINT_ENV,
  resolveEndpoint,
  resolveModel,
  modelForEndpoint,
  wireOptionsOf,
  type Limiter,
  type ChatClient,
  type Endpoint,
  type HttpCounters,
  type ModelRegistry,
  type ResolvedModel,
  type ResponseFormatMode,
} from '../../llm/index.js';
import type { Stop } from '../../util/stop.js';

export interface ClientStackOptions {
  /** The registry the id is looked up in (an experiment's inline entry joined already). */
  registry: ModelRegistry;
  /** Model id from the command line or an experiment file. */
  modelId: string;
  /** Usually `process.env`; the only source of the key. */
  env: Readonly<Record<string, string | undefined>>;
  /** `--base-url`. */
  baseUrl?: string;
  /** `--gateway`: the endpoint is a gateway whatever its variable (default: LITELLM_BASE_URL or SFT_LABEL_GATEWAY). */
  gateway?: boolean;
  /** `--response-format`; default the registry entry's mode. */
  responseFormat?: ResponseFormatMode;
  /** Per-request HTTP settings; each defaults to the client's (3 retries, 180 s per attempt, no deadline). */
  http?: { maxRetries?: number; timeoutMs?: number; deadlineMs?: number };
  /**
   * The adaptive limiter of the endpoint (from the run's LimiterPool when configurations share endpoints), given
   * the endpoint's base URL. Absent: no limiter, and a 429 is retried in place by the HTTP client.
   */
  limiter?: (baseUrl: string) => Limiter;
  /** Wraps the limited HTTP client (under the cache): `--rpm`/`--tpm` per-minute budgets (src/shared-limit). */
  gate?: (client: ChatClient) => ChatClient;
  /** The response cache over the stack; absent or mode `off`: none. */
  cache?: { cache: Cache; mode: CacheMode } | null;
  /**
   * Ctrl-C: after `stop.soft` no request is sent (a call waiting for a limiter slot included), after `stop.hard` the
   * ones in flight are cancelled; both end in InterruptedError (src/util/stop.ts). --batch: the registry hands the same
   * `stop` to the Batch client (no new batch after `soft`, no more waiting after `hard`; src/batch/client.ts).
   */
  stop?: Stop;
  /** `--batch`: a Batch API client for this endpoint and model, used instead of HTTP + limiter. */
  batch?: (endpoint: Endpoint, model: ResolvedModel) => Promise<ChatClient>;
}

export interface ClientStack {
  model: ResolvedModel;
  /** Printable: baseUrl, urlSource, keySource (never print `apiKey`). */
  endpoint: Endpoint;
  /** HTTP attempts and 429s through the limiter (zero without one or with --batch). */
  counters: HttpCounters;
  /** Null without a limiter or with --batch. */
  limiter: Limiter | null;
  /** Null when the stack has no cache. */
  cache: CachingChatClient | null;
  /** True when answers come from the Batch API. */
  batch: boolean;
  /** The top of the stack: what a labeler calls. */
  client: ChatClient;
}

/**
 * Model id + flags + environment -> endpoint and key -> HTTP client (retry policy, timeouts) -> adaptive limiter
 * of the endpoint -> response cache: the one way `label`, `run` (and through it `ci` and `baseline update`) and
 * `gold collect/annotate` connect to a model. A listed model may fall back to its registry URL; an unlisted one
 * needs an explicit endpoint (else the error lists the known ids). Cache hits never wait for a limiter slot.
 */
export async function buildClientStack(options: ClientStackOptions): Promise<ClientStack> {
  const { model, endpoint } = resolveConnection(options);
  const counters: HttpCounters = { requests: 0, rateLimited: 0 };
  const limiter = options.batch ? null : (options.limiter?.(endpoint.baseUrl) ?? null);
  const inner = options.batch ? await options.batch(endpoint, model) : gated(options, httpStack(options, { model, endpoint, counters, limiter }));
  const cache =
    options.cache && options.cache.mode !== 'off' ? createCachingChatClient({ inner, cache: options.cache.cache, mode: options.cache.mode, wire: wireOptionsOf(model) }) : null;
  return { model, endpoint, counters, limiter, cache, batch: Boolean(options.batch), client: cache ?? inner };
}

/** The resolved model and its endpoint (URL and key), without a client. */
export function resolveConnection(options: Pick<ClientStackOptions, 'registry' | 'modelId' | 'env' | 'baseUrl' | 'responseFormat' | 'gateway'>): { model: ResolvedModel; endpoint: Endpoint } {
  const { registry, modelId } = options;
  const format = options.responseFormat ? { responseFormat: options.responseFormat } : {};
  const listed = Object.hasOwn(registry.models, modelId) ? resolveModel(registry, modelId, format) : null;
  const explicit = Boolean(options.baseUrl?.trim()) || ENDPOINT_ENV.some((f) => options.env[f.url]?.trim());
  // An unlisted id without an endpoint of its own: say which ids are known (did-you-mean) rather than "no endpoint".
  if (!listed && !explicit) resolveModel(registry, modelId);
  const endpoint = resolveEndpoint({
    env: options.env,
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(listed ? { model: { baseUrl: listed.baseUrl, apiKeyEnv: listed.apiKeyEnv } } : {}),
    ...(options.gateway !== undefined ? { gateway: options.gateway } : {}),
  });
  // Through a gateway the wire name is the registry id and provider extras are the gateway's (modelForEndpoint).
  const model = modelForEndpoint(listed ?? resolveModel(registry, modelId, { ...format, allowUnknown: endpoint.explicit }), endpoint);
  return { model, endpoint };
}

function gated(options: ClientStackOptions, client: ChatClient): ChatClient {
  return options.gate ? options.gate(client) : client;
}

function httpStack(
  options: ClientStackOptions,
  s: { model: ResolvedModel; endpoint: Endpoint; counters: HttpCounters; limiter: Limiter | null },
): ChatClient {
  const { http = {} } = options;
  const wire = createOpenAiChatClient({
    baseUrl: s.endpoint.baseUrl,
    apiKey: s.endpoint.apiKey,
    // Token parameter, temperature, reasoning_effort and extra_body of the registry entry (the Batch path sends the same).
    ...wireOptionsOf(s.model),
    // With a limiter, 429 is left to it (it re-queues the call after cutting the limit); the rest is retried in place.
    ...(s.limiter ? { retry: { retryStatuses: [408, 409] } } : {}),
    ...(http.maxRetries !== undefined ? { maxRetries: http.maxRetries } : {}),
    ...(http.timeoutMs !== undefined ? { timeoutMs: http.timeoutMs } : {}),
    ...(http.deadlineMs !== undefined ? { deadlineMs: http.deadlineMs } : {}),
  });
  const client = options.stop ? createStoppableChatClient(wire, options.stop) : wire;
  return s.limiter ? createAdaptiveChatClient({ inner: client, limiter: s.limiter, counters: s.counters }) : client;
}
