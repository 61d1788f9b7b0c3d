import type { Keyv } from 'keyv';
import { ConfigError } from '../../errors/index.js';
import { DEFAULT_CACHE_NAMESPACE } from './namespace.js';
import { loadOptionalPackage, type Importer } from './optional.js';
import { redactSecrets, redactUrl } from './redact.js';
import type { StoreFactory } from './store.js';

/** How long opening waits for the first connection (node-redis would otherwise retry forever). */
export const REDIS_CONNECT_TIMEOUT_MS = 5_000;
/** @keyv/redis joins namespace and key with this separator: `sft-label::<key>`. */
const SEPARATOR = '::';
/** SCAN page size hint. */
const SCAN_COUNT = 1_000;

/** The part of node-redis used here, typed locally: the adapter is imported at run time (see optional.ts). */
interface RedisClient {
  ping(): Promise<unknown>;
  scan(cursor: string, options: { MATCH: string; COUNT: number; TYPE: string }): Promise<{ cursor: string | number; keys: string[] }>;
  strLen(key: string): Promise<number>;
}
interface RedisAdapter {
  getClient(): Promise<RedisClient>;
  /** `force`: drop the socket instead of waiting for pending commands. */
  disconnect(force?: boolean): Promise<void>;
}
type CreateKeyv = (url: string, options: { namespace: string; throwOnErrors: boolean }) => Keyv;

/** Store factory options beyond StoreOptions, for tests. */
export interface RedisStoreDeps {
  importer?: Importer;
}

/**
 * `redis` store factory (registered in registry.ts): one cache shared by several machines. The URL
 * (`redis://[:password@]host:6379[/db]`, `rediss://` for TLS) comes from SFT_LABEL_CACHE_URL; its password never
 * appears in `location`, messages or errors.
 */
export function redisStoreFactory(deps: RedisStoreDeps = {}): StoreFactory {
  return async ({ url, namespace, connectTimeoutMs }) => {
    if (!url) throw new ConfigError('cache store "redis" needs a URL (SFT_LABEL_CACHE_URL=redis://host:6379)');
    const location = redactUrl(url);
    if (!/^rediss?:\/\//i.test(url)) {
      throw new ConfigError(`cache store "redis" takes a redis:// or rediss:// URL (SFT_LABEL_CACHE_URL), got "${location}"`);
    }
    const mod = await loadOptionalPackage({ pkg: '@keyv/redis', store: 'redis', install: '@keyv/redis@^5', importer: deps.importer });
    const ns = namespace ?? DEFAULT_CACHE_NAMESPACE;
    const timeout = connectTimeoutMs ?? REDIS_CONNECT_TIMEOUT_MS;
    // No adapter connectionTimeout: its timer is never cleared and would hold the process open after success.
    const keyv = (mod.createKeyv as CreateKeyv)(url, { namespace: ns, throwOnErrors: true });
    const adapter = keyv.store as RedisAdapter;
    await connect(keyv, adapter, { url, location, timeout });
    const prefix = `${ns}${SEPARATOR}`;
    return {
      keyv,
      location,
      keys: () => redisKeys(adapter, prefix),
      sizeOf: async (key) => (await adapter.getClient()).strLen(prefix + key),
    };
  };
}

/**
 * Connect and PING once while opening, so a wrong host, port or password is one ConfigError naming the (redacted)
 * URL and the driver's complaint, rather than a stack trace at the first lookup of a run. The first error event
 * ends the wait (node-redis would otherwise keep reconnecting until the timeout): at open time nothing is lost by
 * failing, and the command can simply be run again.
 */
async function connect(keyv: Keyv, adapter: RedisAdapter, at: { url: string; location: string; timeout: number }): Promise<void> {
  let onError: (err: unknown) => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    onError = reject;
    timer = setTimeout(() => reject(new Error(`no answer within ${at.timeout} ms`)), at.timeout);
  });
  const ready = adapter.getClient().then((client) => client.ping());
  // Whichever loses the race settles later; neither may become an unhandled rejection.
  failed.catch(() => undefined);
  ready.catch(() => undefined);
  keyv.on('error', onError);
  try {
    await Promise.race([ready, failed]);
  } catch (err) {
    // Force: a polite close waits for the pending connect, which may never come (the process would then exit 0).
    await adapter.disconnect(true).catch(() => undefined);
    const reason = redactSecrets(messageOf(err), at.url);
    throw new ConfigError(`cache store "redis": cannot use ${at.location}: ${reason}`, [], {}, { cause: new Error(reason) });
  } finally {
    clearTimeout(timer);
    keyv.off('error', onError);
  }
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

/** Glob metacharacters of SCAN MATCH, escaped so a namespace matches literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * Keys of one namespace via SCAN (never KEYS, which blocks the server). SCAN may return a key twice while redis
 * resizes its table, so keys already yielded are skipped: `cache stats` must not count an entry twice.
 */
async function* redisKeys(adapter: RedisAdapter, prefix: string): AsyncGenerator<string> {
  const client = await adapter.getClient();
  const seen = new Set<string>();
  let cursor = '0';
  do {
    const page = await client.scan(cursor, { MATCH: `${escapeGlob(prefix)}*`, COUNT: SCAN_COUNT, TYPE: 'string' });
    cursor = String(page.cursor);
    for (const key of page.keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      yield key.slice(prefix.length);
    }
  } while (cursor !== '0');
}
