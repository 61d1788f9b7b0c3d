import { z } from 'zod';
import type { ChatResult } from '../llm/types.js';

/** Format version of a stored cache entry. Entries of another version read as misses. */
export const CACHE_ENTRY_VERSION = 1;

export const CachedUsageSchema = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  cached_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  reasoning_tokens: z.number().int().nonnegative().optional(),
  cache_write_tokens: z.number().int().nonnegative().optional(),
});

/**
 * One cached answer, as stored (one pretty JSON file per entry in the file store). Holds the answer and a short
 * summary of what was asked — never the messages (they are in the key) and never any credential.
 */
export const CacheEntrySchema = z.object({
  version: z.literal(CACHE_ENTRY_VERSION).describe('cache entry format version'),
  key: z.string().describe('the cache key this entry was written under (sha256 hex)'),
  created_at: z.string().describe('ISO time the answer was received'),
  model: z.string().describe('provider model name sent on the wire'),
  endpoint: z.string().describe('base URL, credentials removed'),
  request: z
    .object({
      temperature: z.number(),
      max_tokens: z.number(),
      response_format: z.string(),
      sample_index: z.number().int(),
      messages: z.number().int().describe('number of messages'),
      describe: z.string().optional().describe("the caller's description (sample id, call name)"),
    })
    .describe('summary of the request, for humans reading or pruning the cache'),
  result: z.object({
    content: z.string(),
    reasoning: z.string().nullable(),
    finish_reason: z.string().nullable(),
    usage: CachedUsageSchema,
    latency_ms: z.number().nonnegative().describe('latency of the original call'),
    response_model: z.string().optional().describe('model the response named (provenance)'),
  }),
});
export type CacheEntry = z.infer<typeof CacheEntrySchema>;

/** The parsed entry, or null when the stored value is corrupt or of another format version. */
export function parseCacheEntry(value: unknown): CacheEntry | null {
  const r = CacheEntrySchema.safeParse(value);
  return r.success ? r.data : null;
}

/** A ChatResult served from the cache: no HTTP attempt, no wait. */
export function resultFromEntry(entry: CacheEntry, latencyMs: number): ChatResult {
  const { content, reasoning, finish_reason, usage, response_model } = entry.result;
  return {
    content,
    reasoning,
    finish_reason,
    usage: { ...usage },
    attempts: 0,
    latency_ms: latencyMs,
    cache_hit: true,
    ...(response_model !== undefined ? { response_model } : {}),
  };
}

/**
 * Answers that must never be cached: truncated (`length`) and filtered answers would be replayed forever although a
 * retry with a bigger budget may succeed; blank content is a provider hiccup, not an answer.
 */
export function isCacheable(result: ChatResult): boolean {
  if (result.finish_reason === 'length' || result.finish_reason === 'content_filter') return false;
  return result.content.trim().length > 0;
}
