import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Keyv } from 'keyv';
import { ConfigError } from '../../errors/index.js';
import { DEFAULT_CACHE_NAMESPACE } from './namespace.js';
import { loadOptionalPackage, type Importer } from './optional.js';
import { redactUrl } from './redact.js';
import type { StoreFactory } from './store.js';

/** File name inside the cache folder, and the table (one per file; keys carry the namespace prefix). */
export const SQLITE_FILE = 'cache.sqlite';
export const SQLITE_TABLE = 'sft_label_cache';
/** Several processes write one file during a large run: a writer waits this long for the lock instead of failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;
/** Keys fetched per query by keys(). */
const KEY_PAGE = 500;

/**
 * The part of @keyv/sqlite 4 used here, typed locally: the package is an optional dependency, so the type checker
 * must not need it.
 */
interface SqliteAdapter {
  query(sql: string, ...params: unknown[]): Promise<Array<Record<string, unknown>>>;
  disconnect(): Promise<void>;
}
type SqliteAdapterClass = new (options: { uri: string; table: string; busyTimeout: number }) => SqliteAdapter;

/**
 * The database file: `<dir>/cache.sqlite`, or the path of a `sqlite://` URL (`sqlite:///abs/cache.sqlite`,
 * `sqlite://relative.sqlite` from the working folder). Any other URL scheme is a ConfigError — it is most likely
 * a redis URL left in SFT_LABEL_CACHE_URL.
 */
export function sqliteFile(dir: string, url?: string): string {
  if (!url) return resolve(join(dir, SQLITE_FILE));
  const m = /^sqlite:\/\/(.+)$/.exec(url);
  if (!m?.[1]) {
    throw new ConfigError(
      `cache store "sqlite" takes a sqlite:// URL (sqlite:///path/to/cache.sqlite), got "${redactUrl(url)}" ` +
        `(from SFT_LABEL_CACHE_URL? unset it to use ${join(dir, SQLITE_FILE)})`,
    );
  }
  return m[1] === ':memory:' ? m[1] : resolve(m[1]);
}

/** Store factory options beyond StoreOptions, for tests. */
export interface SqliteStoreDeps {
  importer?: Importer;
}

/** `sqlite` store factory (registered in registry.ts). */
export function sqliteStoreFactory(deps: SqliteStoreDeps = {}): StoreFactory {
  return async ({ dir, url, namespace }) => {
    const file = sqliteFile(dir, url);
    const mod = await loadOptionalPackage({ pkg: '@keyv/sqlite', store: 'sqlite', install: '@keyv/sqlite@^4', importer: deps.importer });
    const Adapter = (mod.KeyvSqlite ?? mod.default) as SqliteAdapterClass;
    const cannotOpen = (err: unknown) =>
      new ConfigError(`cache store "sqlite": cannot open ${file}: ${(err as Error).message}`, [], { file }, { cause: err });
    if (file !== ':memory:') await mkdir(dirname(file), { recursive: true }).catch((err: unknown) => Promise.reject(cannotOpen(err)));
    const store = new Adapter({ uri: `sqlite://${file}`, table: SQLITE_TABLE, busyTimeout: SQLITE_BUSY_TIMEOUT_MS });
    const ns = namespace ?? DEFAULT_CACHE_NAMESPACE;
    const keyv = new Keyv({ store, namespace: ns, throwOnErrors: true });
    // Open now, so an unusable file is reported once, by name, instead of failing the first lookup of a run.
    // WAL: readers (cache stats, other workers) never block the writer, and a commit needs no fsync of the main file
    // (synchronous=NORMAL). A power cut may lose the last answers, which are then just misses. Measured with three
    // processes writing 600 entries each: 14 s in the default rollback journal, 0.9 s in WAL.
    try {
      await store.query('PRAGMA journal_mode = WAL');
      await store.query('PRAGMA synchronous = NORMAL');
    } catch (err) {
      await store.disconnect().catch(() => undefined);
      throw cannotOpen(err);
    }
    // Keyv prefixes every key with `<namespace>:`; keys() and sizeOf() go to the table directly.
    const prefix = `${ns}:`;
    return {
      keyv,
      location: file,
      keys: () => sqliteKeys(store, prefix),
      sizeOf: async (key) => {
        const rows = await store.query(`SELECT length(CAST(value AS BLOB)) AS n FROM ${SQLITE_TABLE} WHERE key = ?`, prefix + key);
        return Number(rows[0]?.n ?? 0);
      },
    };
  };
}

/**
 * Keys of one namespace in key order, a page at a time. Keyset pagination (`key > last`) rather than the
 * adapter's OFFSET iterator: each page is an index range scan, and it fetches keys only, not values.
 */
async function* sqliteKeys(store: SqliteAdapter, prefix: string): AsyncGenerator<string> {
  let after = prefix;
  for (;;) {
    const rows = await store.query(
      `SELECT key FROM ${SQLITE_TABLE} WHERE key > ? AND substr(key, 1, ?) = ? ORDER BY key LIMIT ${KEY_PAGE}`,
      after,
      prefix.length,
      prefix,
    );
    for (const row of rows) yield String(row.key).slice(prefix.length);
    const last = rows.at(-1);
    if (rows.length < KEY_PAGE || !last) return;
    after = String(last.key);
  }
}
