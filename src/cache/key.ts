import { canonicalJson, sha256Hex } from '../conversation/index.js';
import { normaliseEndpoint } from '../llm/endpoint.js';
import type { ChatRequest } from '../llm/types.js';

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
}

export { normaliseEndpoint };

export function cacheKeyMaterial(endpoint: string, request: ChatRequest): CacheKeyMaterial {
  return {
    key_version: CACHE_KEY_VERSION,
    endpoint: normaliseEndpoint(endpoint),
    model: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: request.temperature,
    max_tokens: request.max_tokens,
    response_format: request.response_format,
    sample_index: request.sample_index ?? 0,
  };
}

/** sha256 (64 hex digits) of the canonical JSON of the key material. Stable across key order and machines. */
export function cacheKey(endpoint: string, request: ChatRequest): string {
  return sha256Hex(canonicalJson(cacheKeyMaterial(endpoint, request)));
}
