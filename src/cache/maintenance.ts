import { UsageError } from '../errors/index.js';
import type { Cache } from './cache.js';

export interface ModelSummary {
  entries: number;
  bytes: number;
}

export interface CacheSummary {
  store: string;
  location: string;
  entries: number;
  bytes: number;
  /** Entries that are corrupt or of another format version. */
  invalid: number;
  byModel: Record<string, ModelSummary>;
  oldest: string | null;
  newest: string | null;
}

/** Count entries and bytes, per model. Reads every entry. */
export async function summariseCache(cache: Cache): Promise<CacheSummary> {
  const out: CacheSummary = { store: cache.store, location: cache.location, entries: 0, bytes: 0, invalid: 0, byModel: {}, oldest: null, newest: null };
  for await (const key of cache.keys()) {
    const bytes = await cache.sizeOf(key);
    const entry = await cache.get(key);
    out.bytes += bytes;
    if (!entry) {
      out.invalid++;
      continue;
    }
    out.entries++;
    const m = (out.byModel[entry.model] ??= { entries: 0, bytes: 0 });
    m.entries++;
    m.bytes += bytes;
    if (out.oldest === null || entry.created_at < out.oldest) out.oldest = entry.created_at;
    if (out.newest === null || entry.created_at > out.newest) out.newest = entry.created_at;
  }
  return out;
}

export interface PruneOptions {
  /** Delete entries created more than this many milliseconds before `now`. */
  olderThanMs?: number;
  /** Delete entries of this provider model (wire name) only; several: entries of any of them. */
  model?: string | readonly string[];
  /** Never delete these keys (e.g. the keys a run used). With no other filter: delete every other key. */
  keepKeys?: ReadonlySet<string>;
  /** Report what would go, delete nothing. */
  dryRun?: boolean;
  /** Milliseconds clock. Default Date.now. */
  now?: () => number;
}

export interface PruneResult {
  scanned: number;
  deleted: number;
  bytes: number;
  /** Corrupt or old-format entries (always deleted: they can never be served). */
  invalid: number;
}

/**
 * Delete entries matching every given filter. At least one filter is required, so a bare `cache prune` cannot
 * empty the cache by accident.
 */
export async function pruneCache(cache: Cache, options: PruneOptions): Promise<PruneResult> {
  const { olderThanMs, model, keepKeys } = options;
  if (olderThanMs === undefined && model === undefined && keepKeys === undefined) {
    throw new UsageError('cache prune needs at least one of --older-than, --model, --keep-keys');
  }
  const cutoff = olderThanMs === undefined ? undefined : (options.now ?? Date.now)() - olderThanMs;
  const wire = model === undefined ? undefined : new Set(typeof model === 'string' ? [model] : model);
  const result: PruneResult = { scanned: 0, deleted: 0, bytes: 0, invalid: 0 };
  const keys: string[] = [];
  for await (const key of cache.keys()) keys.push(key); // collect first: deleting while a store iterates is unsafe
  for (const key of keys) {
    result.scanned++;
    if (keepKeys?.has(key)) continue;
    const entry = await cache.get(key);
    const invalid = !entry;
    const matches =
      invalid ||
      ((cutoff === undefined || Date.parse(entry.created_at) < cutoff) && (wire === undefined || wire.has(entry.model)));
    if (!matches) continue;
    if (invalid) result.invalid++;
    result.deleted++;
    result.bytes += await cache.sizeOf(key);
    if (!options.dryRun) await cache.delete(key);
  }
  return result;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30d`, `12h`, `90m`, `45s`, `2w` -> milliseconds. Throws UsageError on anything else. */
export function parseDuration(text: string, flag = '--older-than'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/.exec(text);
  if (!m) throw new UsageError(`${flag}: expected a duration like 30d, 12h, 90m, 45s or 2w, got "${text}"`);
  return Number(m[1]) * (UNIT_MS[m[2] as string] as number);
}

/** Keys from a keep-keys file: one per line; blank lines and `#` comments ignored. */
export function parseKeyList(text: string): Set<string> {
  return new Set(
    text
      .split(/\r?\n/)
      .map((l) => l.replace(/#.*$/, '').trim())
      .filter(Boolean),
  );
}
