import type { Cache } from '../cache/index.js';
import { CacheMissError } from '../errors/index.js';

export interface CollectEntriesOptions {
  /** The working cache that holds every answer of the run (filled by a run with a key). */
  source: Cache;
  /** An empty cache the replays read from; it ends up holding exactly the needed entries. */
  scratch: Cache;
  /** Run the experiment read-only against `scratch`; resolve to the missing requests it reports ([] = complete). */
  replay: () => Promise<string[]>;
  /** Give up after this many rounds; default 20 (a run needs about one per call in a sample's chain). */
  maxRounds?: number;
}

/** A read-only miss names its key by its first 12 hex digits: `model: describe (key 0123456789ab)`. */
const KEY_PREFIX = /\(key ([0-9a-f]{6,64})\)\s*$/;

/**
 * Find exactly the entries a read-only replay of the experiment needs, by doing what CI does: replay against an
 * empty cache, copy what it reports missing from the working cache, and replay again until nothing is missing.
 * Calls depend on earlier answers (call 2 sees call 1's labels, repairs and arbitration follow answers), so each
 * round uncovers the next layer; a round that copies nothing new means the working cache itself lacks entries.
 * Returns the keys copied into `scratch` and the number of replays.
 */
export async function collectNeededEntries(options: CollectEntriesOptions): Promise<{ keys: Set<string>; rounds: number }> {
  const all: string[] = [];
  for await (const key of options.source.keys()) all.push(key);
  all.sort();
  const keys = new Set<string>();
  const maxRounds = options.maxRounds ?? 20;
  for (let round = 1; round <= maxRounds; round++) {
    const missing = await options.replay();
    if (!missing.length) return { keys, rounds: round };
    const lacking: string[] = [];
    let added = 0;
    for (const what of missing) {
      const prefix = KEY_PREFIX.exec(what)?.[1];
      const matches = prefix ? keysWithPrefix(all, prefix) : [];
      if (!matches.length) lacking.push(what);
      for (const key of matches) {
        if (keys.has(key)) continue;
        const entry = await options.source.get(key);
        if (!entry) continue;
        await options.scratch.set(key, entry);
        keys.add(key);
        added++;
      }
    }
    if (lacking.length || !added) {
      const list = lacking.length ? lacking : missing;
      throw new CacheMissError(`the working cache ${options.source.location} lacks ${list.length} answer(s) the experiment needs; run it with a key first:\n${list.slice(0, 20).map((m) => `  - ${m}`).join('\n')}`, list);
    }
  }
  throw new CacheMissError(`the replay still missed entries after ${maxRounds} rounds`, []);
}

/** Sorted keys starting with `prefix` (binary search for the first, then scan). */
function keysWithPrefix(sorted: readonly string[], prefix: string): string[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}
