// What a cache store plug-in is: its options and its factory. Apart from the registry so that the stores and the
// registry that lists them both import this file, and neither imports the other back (issue 13: no import circles).
import type { CacheBackend } from '../cache.js';

export interface StoreOptions {
  /** Cache folder (`file`; `sqlite` puts `cache.sqlite` in it). */
  dir: string;
  /**
   * Connection URL: `redis://[:password@]host:6379[/db]` for `redis`, optionally `sqlite:///path/cache.sqlite` for
   * `sqlite`. Read from SFT_LABEL_CACHE_URL by the caller; only ever shown redacted.
   */
  url?: string;
  /** Key namespace for shared stores (several projects on one redis or one sqlite file). Default `sft-label`. */
  namespace?: string;
  /** `redis`: how long opening waits for the server before a ConfigError. Default 5000 ms. */
  connectTimeoutMs?: number;
}

/** A store plug-in: opens a keyv-backed backend. Registered under the name experiment files and flags use. */
export type StoreFactory = (options: StoreOptions) => Promise<CacheBackend>;
