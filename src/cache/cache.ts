import type { Keyv } from 'keyv';
import { parseCacheEntry, type CacheEntry } from './entry.js';
import { serialiseEntryFile } from './stores/file-store.js';

/** Counters of one opened cache, since it was opened. */
export interface CacheStats {
  hits: number;
  misses: number;
  /** Stored values that were corrupt or of another format version (served as misses). */
  invalid: number;
  sets: number;
  deletes: number;
}

/** The response cache as the rest of the tool sees it, whatever the store behind it. */
export interface Cache {
  /** Store name from the registry (`file`, `memory`, `sqlite`, `redis`). */
  readonly store: string;
  /** Where the entries live, for messages (a folder, a file, a URL without credentials). */
  readonly location: string;
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): Promise<void>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<boolean>;
  keys(): AsyncIterable<string>;
  /** Bytes the entry takes in the store (file size for `file`, serialised size elsewhere); 0 when absent. */
  sizeOf(key: string): Promise<number>;
  stats(): CacheStats;
  close(): Promise<void>;
}

/** What a store factory hands back: a keyv instance plus the two things keyv cannot do for every store. */
export interface CacheBackend {
  keyv: Keyv;
  location: string;
  keys(): AsyncIterable<string>;
  sizeOf?(key: string): Promise<number>;
}

/** A Cache on keyv: validates entries on the way out, counts hits and misses. */
export function cacheOnKeyv(store: string, backend: CacheBackend): Cache {
  const stats: CacheStats = { hits: 0, misses: 0, invalid: 0, sets: 0, deletes: 0 };
  const cache: Cache = {
    store,
    location: backend.location,
    async get(key) {
      const raw: unknown = await backend.keyv.get(key);
      if (raw === undefined) {
        stats.misses++;
        return undefined;
      }
      const entry = parseCacheEntry(raw);
      if (!entry || entry.key !== key) {
        stats.invalid++;
        stats.misses++;
        return undefined;
      }
      stats.hits++;
      return entry;
    },
    async set(key, entry) {
      await backend.keyv.set(key, entry);
      stats.sets++;
    },
    async has(key) {
      return (await backend.keyv.has(key)) === true;
    },
    async delete(key) {
      const done = await backend.keyv.delete(key);
      if (done) stats.deletes++;
      return done;
    },
    keys: () => backend.keys(),
    async sizeOf(key) {
      if (backend.sizeOf) return backend.sizeOf(key);
      const raw: unknown = await backend.keyv.get(key);
      return raw === undefined ? 0 : Buffer.byteLength(serialiseEntryFile(raw));
    },
    stats: () => ({ ...stats }),
    async close() {
      await backend.keyv.disconnect().catch(() => undefined);
    },
  };
  return cache;
}
