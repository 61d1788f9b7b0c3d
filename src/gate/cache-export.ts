import type { Cache } from '../cache/index.js';

/** A Cache that remembers every key it served or stored: the entries a run needs. */
export interface RecordingCache extends Cache {
  used(): Set<string>;
}

/**
 * Wrap a cache so a run through it tells which entries it read or wrote. `baseline update` runs the experiment
 * fresh through this, so every call (arbitration re-asks and repair re-asks included) passes the cache once.
 */
export function recordingCache(inner: Cache): RecordingCache {
  const used = new Set<string>();
  return {
    store: inner.store,
    location: inner.location,
    async get(key) {
      const entry = await inner.get(key);
      if (entry) used.add(key);
      return entry;
    },
    async set(key, entry) {
      await inner.set(key, entry);
      used.add(key);
    },
    has: (key) => inner.has(key),
    delete: (key) => inner.delete(key),
    keys: () => inner.keys(),
    sizeOf: (key) => inner.sizeOf(key),
    stats: () => inner.stats(),
    close: () => inner.close(),
    used: () => new Set(used),
  };
}

export interface ExportEntriesOptions {
  /** Where the run's answers are (a working cache); may be the same store as `to`. */
  from: Cache;
  /** The cache folder CI replays from (committed). */
  to: Cache;
  keys: Iterable<string>;
  /** Delete entries of `to` that are not in `keys`. Default false. */
  prune?: boolean;
  dryRun?: boolean;
}

export interface ExportResult {
  /** Entries copied into `to`. */
  copied: number;
  /** Needed entries `to` already had (left as they are, so their files do not change in git). */
  present: number;
  /** Keys `from` lacked (should not happen after a complete run). */
  missing: string[];
  pruned: number;
}

/** Copy exactly the needed entries into the target cache, optionally pruning the rest of it. */
export async function exportCacheEntries(options: ExportEntriesOptions): Promise<ExportResult> {
  const { from, to } = options;
  const keys = [...new Set(options.keys)].sort();
  const result: ExportResult = { copied: 0, present: 0, missing: [], pruned: 0 };
  for (const key of keys) {
    if (await to.has(key)) {
      result.present++;
      continue;
    }
    const entry = await from.get(key);
    if (!entry) {
      result.missing.push(key);
      continue;
    }
    if (!options.dryRun) await to.set(key, entry);
    result.copied++;
  }
  if (options.prune) {
    const keep = new Set(keys);
    const doomed: string[] = [];
    for await (const key of to.keys()) if (!keep.has(key)) doomed.push(key);
    for (const key of doomed) if (options.dryRun || (await to.delete(key))) result.pruned++;
  }
  return result;
}
