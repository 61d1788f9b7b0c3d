/**
 * Key prefix of the shared stores (sqlite, redis), so one database or one redis can hold the caches of several
 * tools or projects. Override with `StoreOptions.namespace`.
 */
export const DEFAULT_CACHE_NAMESPACE = 'sft-label';
