import { Keyv } from 'keyv';
import { ConfigError } from '../../errors/index.js';
import { cacheOnKeyv, type Cache } from '../cache.js';
import { FileStore } from './file-store.js';
import { redisStoreFactory } from './redis-store.js';
import { sqliteStoreFactory } from './sqlite-store.js';
import type { StoreFactory, StoreOptions } from './store.js';

export type { StoreFactory, StoreOptions } from './store.js';

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

/** Cache stores by name. `file` is the default: git-friendly, no server, safe with several processes. */
export const CACHE_STORES: Readonly<Record<string, StoreFactory>> = Object.freeze({
  file: fileStore,
  memory: memoryStore,
  sqlite: sqliteStoreFactory(),
  redis: redisStoreFactory(),
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
