export { type Cache, type CacheBackend, type CacheStats, cacheOnKeyv } from './cache.js';
export { CACHE_ENTRY_VERSION, CacheEntrySchema, type CacheEntry, parseCacheEntry, isCacheable, resultFromEntry } from './entry.js';
export { CACHE_KEY_VERSION, cacheKey, cacheKeyMaterial, normaliseEndpoint, type CacheKeyMaterial } from './key.js';
export {
  CACHE_MODES,
  type CacheMode,
  createCachingChatClient,
  describeRequest,
  type CachingChatClient,
  type CachingChatClientOptions,
  type CachingStats,
} from './client.js';
export { CACHE_DIR_ENV, DEFAULT_CACHE_DIR, resolveCacheDir, type ResolveCacheDirOptions } from './dir.js';
export {
  summariseCache,
  pruneCache,
  parseDuration,
  parseKeyList,
  type CacheSummary,
  type ModelSummary,
  type PruneOptions,
  type PruneResult,
} from './maintenance.js';
export { CACHE_STORES, openCache, type OpenCacheOptions, type StoreFactory, type StoreOptions } from './stores/registry.js';
export { FileStore } from './stores/file-store.js';
export { redactUrl, redactSecrets } from './stores/redact.js';
