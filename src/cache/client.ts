import { CacheMissError } from '../errors/index.js';
import type { ChatCallOptions, ChatClient, ChatRequest, ChatResult } from '../llm/types.js';
import type { WireOptions } from '../llm/wire.js';
import type { Cache } from './cache.js';
import { CACHE_ENTRY_VERSION, isCacheable, resultFromEntry, type CacheEntry } from './entry.js';
import { cacheKey, normaliseEndpoint } from './key.js';

/**
 * - `read-write` (default): serve hits, send misses and store their answers.
 * - `read-only`: serve hits; a miss is a CacheMissError naming the entry (CI replay: no request leaves the machine).
 * - `refresh`: never read, always send, overwrite the stored answer.
 * - `off`: the cache is not touched.
 */
export const CACHE_MODES = ['read-write', 'read-only', 'refresh', 'off'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

export interface CachingChatClientOptions {
  inner: ChatClient;
  cache: Cache;
  /** Default `read-write`. */
  mode?: CacheMode;
  /** The request extras the inner client sends (registry entry): part of every key. Default none. */
  wire?: WireOptions;
  /** Called when storing an answer fails; the answer is still returned. Default: ignore. */
  onWriteError?: (err: unknown, key: string) => void;
  /** ISO timestamp for new entries. Default `new Date().toISOString()`. */
  now?: () => string;
}

export interface CachingStats {
  hits: number;
  misses: number;
  /** Answers stored. */
  writes: number;
  /** Answers not stored: truncated, filtered or empty. */
  uncacheable: number;
  /** Calls that joined an identical request already in flight instead of sending their own. */
  joined: number;
  writeErrors: number;
}

export interface CachingChatClient extends ChatClient {
  readonly mode: CacheMode;
  stats(): CachingStats;
  /** Every entry a read-only cache lacked so far, one line each (`model: describe (key abcd1234)`), in order. */
  missing(): string[];
}

interface Flight {
  result: ChatResult;
  fromCache: boolean;
}

/** A ChatClient that answers from the cache when it can and otherwise asks `inner`. */
export function createCachingChatClient(options: CachingChatClientOptions): CachingChatClient {
  const { inner, cache } = options;
  const mode = options.mode ?? 'read-write';
  const now = options.now ?? (() => new Date().toISOString());
  const stats: CachingStats = { hits: 0, misses: 0, writes: 0, uncacheable: 0, joined: 0, writeErrors: 0 };
  const missing: string[] = [];
  // Single-flight: key -> the lookup-or-send in progress. Registered before the first await, so two identical
  // calls made in the same tick share one request.
  const flights = new Map<string, Promise<Flight>>();

  async function lookupOrSend(key: string, request: ChatRequest, call: ChatCallOptions | undefined): Promise<Flight> {
    if (mode !== 'refresh') {
      const started = performance.now();
      const entry = await cache.get(key);
      if (entry) {
        stats.hits++;
        return { result: resultFromEntry(entry, Math.round(performance.now() - started)), fromCache: true };
      }
    }
    stats.misses++;
    if (mode === 'read-only') {
      const what = `${request.model}: ${call?.describe ?? describeRequest(request)} (key ${key.slice(0, 12)})`;
      missing.push(what);
      throw new CacheMissError(`read-only cache ${cache.location} has no entry for ${what}`, [what]);
    }
    const result = await inner.complete(request, call);
    if (!isCacheable(result)) {
      stats.uncacheable++;
      return { result, fromCache: false };
    }
    try {
      await cache.set(key, toEntry(key, inner.endpoint, request, result, now(), call?.describe));
      stats.writes++;
    } catch (err) {
      stats.writeErrors++;
      options.onWriteError?.(err, key);
    }
    return { result, fromCache: false };
  }

  return {
    endpoint: inner.endpoint,
    mode,
    stats: () => ({ ...stats }),
    missing: () => [...missing],
    async complete(request, call) {
      if (mode === 'off') return inner.complete(request, call);
      const key = cacheKey(inner.endpoint, request, options.wire);
      const running = flights.get(key);
      if (running) {
        stats.joined++;
        const shared = await running;
        // The leader paid for the answer; a joiner reports none of its cost so totals are not counted twice.
        return { ...shared.result, usage: { ...shared.result.usage }, attempts: 0, latency_ms: 0, cache_hit: true };
      }
      const flight = lookupOrSend(key, request, call);
      flights.set(key, flight);
      try {
        return (await flight).result;
      } finally {
        flights.delete(key);
      }
    },
  };
}

/** A request in a few words, when the caller gave no description. */
export function describeRequest(request: ChatRequest): string {
  const last = request.messages[request.messages.length - 1]?.content ?? '';
  const head = last.replace(/\s+/g, ' ').trim().slice(0, 60);
  return `${request.messages.length} message(s), sample_index ${request.sample_index ?? 0}, last "${head}${last.length > 60 ? '…' : ''}"`;
}

function toEntry(key: string, endpoint: string, request: ChatRequest, result: ChatResult, createdAt: string, describe?: string): CacheEntry {
  return {
    version: CACHE_ENTRY_VERSION,
    key,
    created_at: createdAt,
    model: request.model,
    endpoint: normaliseEndpoint(endpoint),
    request: {
      temperature: request.temperature,
      max_tokens: request.max_tokens,
      response_format: request.response_format.type,
      sample_index: request.sample_index ?? 0,
      messages: request.messages.length,
      ...(describe ? { describe } : {}),
    },
    result: {
      content: result.content,
      reasoning: result.reasoning,
      finish_reason: result.finish_reason,
      usage: { ...result.usage },
      latency_ms: result.latency_ms,
      ...(result.response_model ? { response_model: result.response_model } : {}),
    },
  };
}
