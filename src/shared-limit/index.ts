/**
 * Public surface of the shared limit: one endpoint budget for every process of a sharded run (`--shared-limit`),
 * through Redis. Loaded only when asked for; without it each process keeps its own AdaptiveLimiter (src/llm).
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../errors/index.js';
import { AdaptiveLimiter, type ChatClient, type Limiter, type LimiterFactory, type LimiterOptions } from '../llm/index.js';
import { createRateGate, rateGatedChatClient, type RateBudget } from './rate.js';
import { SharedLimiter } from './limiter.js';
import { connectRedisLimitStore } from './redis-store.js';
import type { SharedLimitStore } from './store.js';

export { SharedLimiter, type SharedLimiterOptions } from './limiter.js';
export { connectRedisLimitStore, type RedisLimitStoreOptions } from './redis-store.js';
export type { Acquired, SharedLimitStore } from './store.js';
export { createRateGate, rateGatedChatClient, requestTokens, type RateBudget, type RateGate, type RateGateOptions } from './rate.js';

/** Where the shared limit lives: SFT_LABEL_LIMIT_URL, else the cache's SFT_LABEL_CACHE_URL. */
export const SHARED_LIMIT_URL_ENV = ['SFT_LABEL_LIMIT_URL', 'SFT_LABEL_CACHE_URL'] as const;

export interface OpenSharedLimitOptions extends LimiterOptions {
  /** redis:// URL (see SHARED_LIMIT_URL_ENV). */
  url: string;
  /** Key prefix in Redis; default `sft-label:limit`. */
  prefix?: string;
  leaseMs?: number;
  pollMs?: number;
  connectTimeoutMs?: number;
  /** A store other than Redis (tests). */
  store?: SharedLimitStore;
}

export interface SharedLimit {
  /** For LimiterPool's `factory`: one SharedLimiter per endpoint and model. */
  factory: LimiterFactory;
  close(): Promise<void>;
}

/** Connect to the store and build limiters on it; the same endpoint and model share one limit in every process. */
export async function openSharedLimit(options: OpenSharedLimitOptions): Promise<SharedLimit> {
  const store = options.store ?? (await connectRedisLimitStore({ url: options.url, ...(options.prefix ? { prefix: options.prefix } : {}), ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}) }));
  return {
    factory: ({ endpoint, model }) =>
      new SharedLimiter({
        store,
        key: sharedLimitKey(endpoint, model),
        policy: options.policy,
        ...(options.classify ? { classify: options.classify } : {}),
        ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
        ...(options.pollMs ? { pollMs: options.pollMs } : {}),
      }),
    close: () => store.close(),
  };
}

/** Redis key part of an endpoint and model: hashed, so no URL (or what it may carry) is written to Redis. */
export function sharedLimitKey(endpoint: string, model: string | undefined): string {
  const base = endpoint.trim().replace(/\/+$/, '').toLowerCase();
  return createHash('sha256').update(`${base}\n${model ?? ''}`).digest('hex').slice(0, 32);
}

/** The URL for the shared limit from the environment, or null. */
export function sharedLimitUrl(env: Readonly<Record<string, string | undefined>>): string | null {
  for (const name of SHARED_LIMIT_URL_ENV) if (env[name]?.trim()) return env[name]!.trim();
  return null;
}

export interface EndpointLimitsOptions extends LimiterOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** `--shared-limit`: slots and learned limit in Redis (SHARED_LIMIT_URL_ENV), for every process. */
  shared: boolean;
  /** `--rpm` / `--tpm`: in Redis with `shared`, else in this process. */
  budget: RateBudget;
  endpoint: string;
  model: string;
}

export interface EndpointLimits {
  limiter: Limiter;
  /** Put the rate gate (if any) in front of the limited client. */
  wrap(client: ChatClient): ChatClient;
  close(): Promise<void>;
}

/**
 * The limits `label` puts on one endpoint and model beyond its in-process limiter: the shared limiter
 * (`--shared-limit`) and the requests/tokens per minute gate (`--rpm`, `--tpm`).
 */
export async function openEndpointLimits(options: EndpointLimitsOptions): Promise<EndpointLimits> {
  const url = options.shared ? sharedLimitUrl(options.env) : null;
  if (options.shared && !url) throw new ConfigError(`--shared-limit needs a Redis URL: set ${SHARED_LIMIT_URL_ENV.join(' or ')} (redis://host:6379)`);
  const store = url ? await connectRedisLimitStore({ url }) : null;
  try {
    const key = sharedLimitKey(options.endpoint, options.model);
    const limiter = store
      ? new SharedLimiter({ store, key, policy: options.policy, ...(options.classify ? { classify: options.classify } : {}) })
      : new AdaptiveLimiter({ policy: options.policy, ...(options.classify ? { classify: options.classify } : {}) });
    const gate = await createRateGate({ budget: options.budget, key, ...(store ? { redisClient: store.client } : {}) });
    return { limiter, wrap: (client) => (gate ? rateGatedChatClient(client, gate) : client), close: async () => store?.close() };
  } catch (err) {
    await store?.close();
    throw err;
  }
}
