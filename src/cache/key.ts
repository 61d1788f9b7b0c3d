import { canonicalJson, sha256Hex } from '../conversation/index.js';
import { normaliseEndpoint } from '../llm/endpoint.js';
import type { ChatRequest } from '../llm/types.js';
import type { WireOptions } from '../llm/wire.js';

/**
 * Bump when the key material changes shape (a field added or renamed), so old entries are never served for a
 * request they do not describe. Old entries then simply miss and can be pruned.
 */
export const CACHE_KEY_VERSION = 1;

/**
 * Everything that can change the answer, and nothing else. Fields are picked one by one (never spread from the
 * request) so that anything a caller attaches — API keys, timeouts, retry settings, a describe text — cannot leak
 * into a key.
 */
export interface CacheKeyMaterial {
  key_version: number;
  endpoint: string;
  model: string;
  messages: Array<{ role: string; content: string }>;
  temperature: number;
  max_tokens: number;
  response_format: ChatRequest['response_format'];
  sample_index: number;
  /**
   * The registry's request extras that change the answer (reasoning effort, extra_body such as DeepSeek's thinking
   * switch, temperature left out). Present only when one is set, so keys of requests without extras are the keys
   * they always were (committed caches stay valid).
   */
  wire?: { reasoning_effort?: string; extra_body?: Readonly<Record<string, unknown>>; temperature_sent?: false };
}

export { normaliseEndpoint };

export function cacheKeyMaterial(endpoint: string, request: ChatRequest, wire: WireOptions = {}): CacheKeyMaterial {
  const extras = {
    ...(wire.reasoningEffort ? { reasoning_effort: wire.reasoningEffort } : {}),
    ...(wire.extraBody && Object.keys(wire.extraBody).length ? { extra_body: wire.extraBody } : {}),
    ...(wire.sendTemperature === false ? { temperature_sent: false as const } : {}),
  };
  return {
    key_version: CACHE_KEY_VERSION,
    endpoint: normaliseEndpoint(endpoint),
    model: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: request.temperature,
    max_tokens: request.max_tokens,
    response_format: request.response_format,
    sample_index: request.sample_index ?? 0,
    ...(Object.keys(extras).length ? { wire: extras } : {}),
  };
}

/**
 * sha256 (64 hex digits) of the canonical JSON of the key material. Stable across key order and machines. `wire`:
 * the options the client sends beside the request (the registry entry's extras), which change the answer too.
 */
export function cacheKey(endpoint: string, request: ChatRequest, wire?: WireOptions): string {
  return sha256Hex(canonicalJson(cacheKeyMaterial(endpoint, request, wire)));
}
