import { describe, expect, it } from 'vitest';
import { CACHE_ENTRY_VERSION, openCache, type Cache, type CacheEntry } from '../cache/index.js';
import { exportCacheEntries, recordingCache } from './cache-export.js';

const entry = (key: string): CacheEntry => ({
  version: CACHE_ENTRY_VERSION, key, created_at: '2026-01-01T00:00:00.000Z', model: 'm', endpoint: 'http://x/v1',
  request: { temperature: 0, max_tokens: 16, response_format: 'json_schema', sample_index: 0, messages: 2 },
  result: { content: '{}', reasoning: null, finish_reason: 'stop', usage: { prompt_tokens: 1, cached_tokens: 0, completion_tokens: 1 }, latency_ms: 1 },
});
const memory = (): Promise<Cache> => openCache({ store: 'memory', dir: '' });
const k = (c: string) => c.repeat(64);
async function keysOf(cache: Cache): Promise<string[]> {
  const out: string[] = [];
  for await (const key of cache.keys()) out.push(key);
  return out.sort();
}

describe('recordingCache', () => {
  it('records keys served or stored, not misses', async () => {
    const inner = await memory();
    await inner.set(k('a'), entry(k('a')));
    const rec = recordingCache(inner);
    await rec.get(k('a'));
    await rec.get(k('b'));
    await rec.set(k('c'), entry(k('c')));
    expect([...rec.used()].sort()).toEqual([k('a'), k('c')]);
  });
});

describe('exportCacheEntries', () => {
  it('copies the needed entries, leaves present ones alone, lists what the source lacks, prunes the rest', async () => {
    const from = await memory();
    const to = await memory();
    for (const c of ['a', 'b']) await from.set(k(c), entry(k(c)));
    await to.set(k('b'), entry(k('b')));
    await to.set(k('z'), entry(k('z')));
    const dry = await exportCacheEntries({ from, to, keys: [k('a'), k('b'), k('m')], prune: true, dryRun: true });
    expect(dry).toEqual({ copied: 1, present: 1, missing: [k('m')], pruned: 1 });
    expect(await keysOf(to)).toEqual([k('b'), k('z')]);
    const r = await exportCacheEntries({ from, to, keys: [k('a'), k('b')], prune: true });
    expect(r).toEqual({ copied: 1, present: 1, missing: [], pruned: 1 });
    expect(await keysOf(to)).toEqual([k('a'), k('b')]);
    expect(await to.get(k('a'))).toEqual(entry(k('a')));
  });
});
