import { ConfigError, SharedLimitError } from '../errors/index.js';
import { redactSecrets, redactUrl } from '../cache/index.js';
import type { LimiterState } from '../llm/index.js';
import type { Acquired, SharedLimitStore } from './store.js';

/**
 * The shared limit on Redis. Why not a library (docs/SCALE.md, "Why a Lua script"): rate-limiter-flexible and
 * Bottleneck count requests per time window; a ceiling on requests in flight needs a counter that is given back when
 * the request ends and that a crashed process cannot leak. redis-semaphore does exactly that but only drives ioredis;
 * this is its algorithm (a sorted set of leases scored by expiry, expired ones dropped before counting) on the
 * node-redis client that @keyv/redis already brings. Times come from the Redis server (TIME), so machines with
 * skewed clocks agree on when a lease expires.
 */

const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: leases, state. ARGV: lease id, ttl ms, initial state JSON, state ttl ms, max (this process's --concurrency:
 * a state learned by an earlier run with a higher one must not exceed it). Returns {granted, inFlight, state}.
 */
const ACQUIRE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local state = redis.call('GET', KEYS[2])
if not state then state = ARGV[3] redis.call('SET', KEYS[2], state, 'PX', ARGV[4]) end
local limit = math.min(math.floor(cjson.decode(state).limit), tonumber(ARGV[5]))
local n = redis.call('ZCARD', KEYS[1])
if n >= limit then return {0, n, state} end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {1, n + 1, state}`;

/** KEYS: leases. ARGV: ttl ms, lease ids... Only leases still present are extended (XX). */
const REFRESH = `${NOW}
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

/** KEYS: state. ARGV: expected JSON ('' = none), new JSON, ttl ms. Returns {1} or {0, current}. */
const COMPARE_AND_SET = `local cur = redis.call('GET', KEYS[1]) or ''
if cur ~= ARGV[1] then return {0, cur} end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return {1}`;

/** How long a learned state outlives the last request that touched it. */
const STATE_TTL_MS = 24 * 3600_000;
/** Compare-and-set attempts before giving up on one update (contention of hundreds of processes at once). */
const MAX_CAS_ATTEMPTS = 50;

/** The part of node-redis used here, typed locally (imported at run time through @keyv/redis). */
interface RedisClient {
  connect(): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  zRem(key: string, member: string): Promise<unknown>;
  close?(): Promise<unknown>;
  quit?(): Promise<unknown>;
  destroy?(): void;
  on(event: 'error', listener: (err: unknown) => void): unknown;
}
type CreateClient = (options: { url: string; socket: { connectTimeout: number; reconnectStrategy: (retries: number, cause: Error) => number | Error } }) => RedisClient;

export interface RedisLimitStoreOptions {
  /** `redis://[:password@]host:6379[/db]` or `rediss://`. */
  url: string;
  /** Key prefix; default `sft-label:limit`. */
  prefix?: string;
  /** Default 5000. */
  connectTimeoutMs?: number;
}

/** Connect (one PING-equivalent round trip) or fail with a ConfigError naming the redacted URL. */
export async function connectRedisLimitStore(options: RedisLimitStoreOptions): Promise<SharedLimitStore & { client: unknown }> {
  const { url } = options;
  const location = redactUrl(url);
  if (!/^rediss?:\/\//i.test(url)) throw new ConfigError(`--shared-limit takes a redis:// or rediss:// URL, got "${location}"`);
  const { createClient } = (await import('@keyv/redis')) as unknown as { createClient: CreateClient };
  const timeout = options.connectTimeoutMs ?? 5_000;
  // While opening, the first error is the answer (a wrong password would otherwise be retried); during a run,
  // reconnect a few times (a Redis restart), then fail the requests rather than wait forever.
  let open = false;
  const reconnectStrategy = (n: number, cause: Error): number | Error => (!open ? cause : n > 5 ? cause : Math.min(100 * 2 ** n, 2_000));
  const client = createClient({ url, socket: { connectTimeout: timeout, reconnectStrategy } });
  let firstError: unknown = null;
  client.on('error', (err) => void (firstError ??= err));
  try {
    await client.connect();
    await client.eval('return 1', { keys: [], arguments: [] });
    open = true;
  } catch (err) {
    try {
      client.destroy?.();
    } catch {
      /* already closed */
    }
    const reason = redactSecrets(((firstError ?? err) as Error)?.message ?? String(err), url);
    throw new ConfigError(`--shared-limit: cannot use ${location}: ${reason}`, [], {}, { cause: new Error(reason) });
  }
  // The client too: rate-limiter-flexible counts --rpm/--tpm on it (rate.ts).
  return { ...redisLimitStore(client, options.prefix ?? 'sft-label:limit', location), client };
}

function redisLimitStore(client: RedisClient, prefix: string, location: string): SharedLimitStore {
  const keys = (key: string) => ({ leases: `${prefix}:${key}:leases`, state: `${prefix}:${key}:state` });
  /** A Redis failure mid-run: the request is not sent, its sample fails and is labeled again on resume. */
  const failed = (what: string) => (err: unknown): never => {
    throw new SharedLimitError(`shared limit on ${location}: ${what} failed: ${(err as Error)?.message ?? String(err)}`, {}, { cause: err });
  };
  return {
    async acquire(key, lease, { ttlMs, initial, max }): Promise<Acquired> {
      const k = keys(key);
      const reply = (await client
        .eval(ACQUIRE, { keys: [k.leases, k.state], arguments: [lease, String(ttlMs), JSON.stringify(initial), String(STATE_TTL_MS), String(max)] })
        .catch(failed('taking a request slot'))) as [number, number, string];
      return { granted: reply[0] === 1, inFlight: Number(reply[1]), state: JSON.parse(reply[2]) as LimiterState };
    },
    async release(key, lease) {
      await client.zRem(keys(key).leases, lease).catch(failed('giving back a request slot'));
    },
    async refresh(key, leases, ttlMs) {
      if (!leases.length) return;
      await client.eval(REFRESH, { keys: [keys(key).leases], arguments: [String(ttlMs), ...leases] }).catch(failed('renewing request slots'));
    },
    async update(key, next, initial) {
      const k = keys(key).state;
      let current = (await client.eval('return redis.call("GET", KEYS[1]) or ""', { keys: [k], arguments: [] }).catch(failed('reading the limit'))) as string;
      for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
        const state = next(current ? (JSON.parse(current) as LimiterState) : initial);
        const reply = (await client.eval(COMPARE_AND_SET, { keys: [k], arguments: [current, JSON.stringify(state), String(STATE_TTL_MS)] }).catch(failed('updating the limit'))) as [number, string?];
        if (reply[0] === 1) return state;
        current = reply[1] ?? '';
      }
      throw new SharedLimitError(`shared limit on ${location}: the limit changed under ${MAX_CAS_ATTEMPTS} updates in a row`);
    },
    async close() {
      await (client.close ?? client.quit)?.call(client).catch(() => client.destroy?.());
    },
  };
}
