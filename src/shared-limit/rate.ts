import { ConfigError, SharedLimitError } from '../errors/index.js';
import type { ChatClient, ChatRequest } from '../llm/index.js';

/**
 * Requests and tokens per minute (`--rpm`, `--tpm`), counted by rate-limiter-flexible: in this process
 * (RateLimiterMemory), or for every process on the Redis of `--shared-limit` (RateLimiterRedis, its own atomic Lua
 * on the same node-redis client). A provider's quota is usually per key and model, in both requests and tokens; a
 * request's tokens are counted when it is sent as its prompt (characters / 4) plus its max_tokens, the amount OpenAI
 * reserves against TPM on arrival. The gate sits before the adaptive limiter (its waits never hold a request slot, so
 * they do not blur what the limiter learns); a 429 re-queued by the limiter is not counted twice.
 */

export interface RateBudget {
  /** Requests per minute over every process sharing the budget. */
  rpm?: number;
  /** Tokens per minute, prompt + max_tokens per request. */
  tpm?: number;
}

/** Waits until the budget allows one request of `tokens` tokens. */
export interface RateGate {
  take(tokens: number): Promise<void>;
}

interface Limiter {
  consume(key: string, points: number): Promise<unknown>;
}
interface RateLimiterModule {
  RateLimiterMemory: new (o: { points: number; duration: number; keyPrefix: string }) => Limiter;
  RateLimiterRedis: new (o: { storeClient: unknown; useRedisPackage: boolean; points: number; duration: number; keyPrefix: string }) => Limiter;
}

export interface RateGateOptions {
  budget: RateBudget;
  /** Endpoint and model, hashed (sharedLimitKey). */
  key: string;
  /** The node-redis client of the shared limit; in-process counting without it. */
  redisClient?: unknown;
  /** Key prefix in Redis; default `sft-label:rate`. */
  prefix?: string;
  /** Sleep; injected by tests. */
  sleep?: (ms: number) => Promise<void>;
}

/** Null when the budget sets neither rpm nor tpm. */
export async function createRateGate(options: RateGateOptions): Promise<RateGate | null> {
  const { rpm, tpm } = options.budget;
  if (!rpm && !tpm) return null;
  const mod = await loadRateLimiterFlexible();
  const prefix = options.prefix ?? 'sft-label:rate';
  const make = (what: string, points: number): Limiter =>
    options.redisClient
      ? new mod.RateLimiterRedis({ storeClient: options.redisClient, useRedisPackage: true, points, duration: 60, keyPrefix: `${prefix}:${what}` })
      : new mod.RateLimiterMemory({ points, duration: 60, keyPrefix: `${prefix}:${what}` });
  const limits = [...(rpm ? [{ limiter: make('rpm', rpm), points: () => 1 }] : []), ...(tpm ? [{ limiter: make('tpm', tpm), points: (t: number) => t }] : [])];
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    async take(tokens) {
      if (tpm && tokens > tpm) throw new ConfigError(`--tpm ${tpm}: one request needs ${tokens} tokens (prompt + max_tokens); raise --tpm or lower max_tokens`);
      for (const { limiter, points } of limits) {
        for (;;) {
          try {
            await limiter.consume(options.key, points(tokens));
            break;
          } catch (res) {
            if (res instanceof Error) throw new SharedLimitError(`--rpm/--tpm: counting failed: ${res.message}`, {}, { cause: res });
            // Over budget for this minute: wait for the window to roll over, spread a little so waiters do not
            // all come back in the same millisecond.
            const wait = (res as { msBeforeNext?: number }).msBeforeNext ?? 1000;
            await sleep(wait + Math.random() * 50);
          }
        }
      }
    },
  };
}

/** Tokens counted for a request: prompt characters / 4 (the mock's and a fair English/code estimate) + max_tokens. */
export function requestTokens(request: ChatRequest): number {
  const chars = request.messages.reduce((n, m) => n + (typeof m.content === 'string' ? m.content.length : JSON.stringify(m.content).length), 0);
  return Math.ceil(chars / 4) + (request.max_tokens ?? 0);
}

/** Every request through `inner` first takes its share of the budget. */
export function rateGatedChatClient(inner: ChatClient, gate: RateGate): ChatClient {
  return {
    endpoint: inner.endpoint,
    async complete(request, call) {
      await gate.take(requestTokens(request));
      return inner.complete(request, call);
    },
  };
}

async function loadRateLimiterFlexible(): Promise<RateLimiterModule> {
  try {
    const mod = (await import('rate-limiter-flexible' as string)) as RateLimiterModule & { default?: RateLimiterModule };
    return mod.RateLimiterMemory ? mod : mod.default!;
  } catch (err) {
    throw new ConfigError('--rpm/--tpm need the package rate-limiter-flexible (npm install rate-limiter-flexible@^11)', [], {}, { cause: err });
  }
}
