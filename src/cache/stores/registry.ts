import { join } from 'node:path';
import { Keyv } from 'keyv';
import { ConfigError } from '../../errors/index.js';
import { cacheOnKeyv, type Cache, type CacheBackend } from '../cache.js';
import { normaliseEndpoint } from '../key.js';
import { FileStore } from './file-store.js';

export interface StoreOptions {
  /** Cache folder (`file`; `sqlite` puts `cache.sqlite` in it). */
  dir: string;
  /** Connection URL for network stores (`redis://host:6379`). Read from the environment by the caller. */
  url?: string;
  /** Key namespace for shared stores (several projects on one redis). Default `sft-label`. */
  namespace?: string;
}

/** A store plug-in: opens a keyv-backed backend. Registered under the name experiment files and flags use. */
export type StoreFactory = (options: StoreOptions) => Promise<CacheBackend>;

const fileStore: StoreFactory = async ({ dir }) => {
  const store = new FileStore(dir);
  // Serialization off: the file store writes the entry object itself as pretty JSON.
  const keyv = new Keyv({ store, namespace: undefined, useKeyPrefix: false, serialize: undefined, deserialize: undefined, throwOnErrors: true });
  return { keyv, location: dir, keys: () => store.keys(), sizeOf: (key) => store.sizeOf(key) };
};

const memoryStore: StoreFactory = async () => {
  const map = new Map<string, unknown>();
  // Default JSON serialization keeps stored entries apart from the objects callers hold.
  const keyv = new Keyv({ store: map, namespace: undefined, useKeyPrefix: false, throwOnErrors: true });
  return { keyv, location: 'memory', keys: async function* () { yield* [...map.keys()].sort(); } };
};

/**
 * Load an optional keyv adapter package. Not a dependency of sft-label: the ones who need sqlite or redis install
 * it (`@keyv/sqlite@^4` — v6 needs Node 22; `@keyv/redis@^5`). The specifier is a variable so the type checker does
 * not require the package.
 */
async function optionalAdapter(pkg: string, store: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pkg)) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`cache store "${store}" needs the package ${pkg}, which is not installed (npm install ${pkg})`, [], {}, { cause: err });
  }
}

/** Keys from keyv's own iterator (sqlite and redis adapters provide one). */
function keyvKeys(keyv: Keyv): () => AsyncIterable<string> {
  return async function* () {
    if (!keyv.iterator) return;
    for await (const [key] of keyv.iterator(undefined) as AsyncIterable<[string, unknown]>) yield key;
  };
}

const sqliteStore: StoreFactory = async ({ dir, namespace }) => {
  const mod = await optionalAdapter('@keyv/sqlite', 'sqlite');
  const KeyvSqlite = (mod.default ?? mod.KeyvSqlite) as new (opts: Record<string, unknown>) => object;
  const file = join(dir, 'cache.sqlite');
  // busyTimeout: several processes share the file; wait for the lock instead of failing.
  const store = new KeyvSqlite({ uri: `sqlite://${file}`, table: 'sft_label_cache', busyTimeout: 10_000 });
  const keyv = new Keyv({ store, namespace: namespace ?? 'sft-label', throwOnErrors: true });
  return { keyv, location: file, keys: keyvKeys(keyv) };
};

const redisStore: StoreFactory = async ({ url, namespace }) => {
  if (!url) throw new ConfigError('cache store "redis" needs a URL (SFT_LABEL_CACHE_URL=redis://host:6379)');
  const mod = await optionalAdapter('@keyv/redis', 'redis');
  const createKeyv = mod.createKeyv as (url: string, opts: Record<string, unknown>) => Keyv;
  const keyv = createKeyv(url, { namespace: namespace ?? 'sft-label' });
  keyv.throwOnErrors = true;
  return { keyv, location: normaliseEndpoint(url), keys: keyvKeys(keyv) };
};

/** Cache stores by name. `file` is the default: git-friendly, no server, safe with several processes. */
export const CACHE_STORES: Readonly<Record<string, StoreFactory>> = Object.freeze({
  file: fileStore,
  memory: memoryStore,
  sqlite: sqliteStore,
  redis: redisStore,
});

export interface OpenCacheOptions extends StoreOptions {
  /** Store name; default `file`. */
  store?: string;
  /** Extra or replacement stores (plug-ins, tests). */
  stores?: Readonly<Record<string, StoreFactory>>;
}

/** Open the cache named by `store`. Unknown names are a ConfigError listing the known ones. */
export async function openCache(options: OpenCacheOptions): Promise<Cache> {
  const name = options.store ?? 'file';
  const stores = { ...CACHE_STORES, ...options.stores };
  const factory = stores[name];
  if (!factory) throw new ConfigError(`unknown cache store "${name}" (known: ${Object.keys(stores).join(', ')})`);
  return cacheOnKeyv(name, await factory(options));
}
