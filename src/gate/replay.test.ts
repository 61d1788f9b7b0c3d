import { describe, expect, it } from 'vitest';
import { CACHE_ENTRY_VERSION, openCache, type Cache, type CacheEntry } from '../cache/index.js';
import { CacheMissError } from '../errors/index.js';
import { collectNeededEntries } from './replay.js';

const entry = (key: string): CacheEntry => ({
  version: CACHE_ENTRY_VERSION, key, created_at: '2026-01-01T00:00:00.000Z', model: 'm', endpoint: 'http://x/v1',
  request: { temperature: 0, max_tokens: 16, response_format: 'json_schema', sample_index: 0, messages: 2 },
  result: { content: '{}', reasoning: null, finish_reason: 'stop', usage: { prompt_tokens: 1, cached_tokens: 0, completion_tokens: 1 }, latency_ms: 1 },
});
const k = (c: string) => c.repeat(64);

/** A fake experiment whose second call is only asked once the first is answered (like call 2 after call 1). */
function chainReplay(scratch: Cache, chains: string[][]) {
  let rounds = 0;
  const replay = async (): Promise<string[]> => {
    rounds++;
    const missing: string[] = [];
    for (const chain of chains) {
      for (const key of chain) {
        if (await scratch.has(key)) continue;
        missing.push(`m: sample, call (key ${key.slice(0, 12)})`);
        break;
      }
    }
    return missing;
  };
  return { replay, rounds: () => rounds };
}

describe('collectNeededEntries', () => {
  it('replays until nothing is missing, copying each layer of dependent calls and nothing else', async () => {
    const source = await openCache({ store: 'memory', dir: '' });
    const scratch = await openCache({ store: 'memory', dir: '' });
    for (const c of ['a', 'b', 'c', 'd', 'e']) await source.set(k(c), entry(k(c)));
    const fake = chainReplay(scratch, [[k('a'), k('b')], [k('c'), k('d')]]);
    const { keys, rounds } = await collectNeededEntries({ source, scratch, replay: fake.replay });
    expect([...keys].sort()).toEqual([k('a'), k('b'), k('c'), k('d')]);
    expect(rounds).toBe(3);
    expect(await scratch.has(k('e'))).toBe(false);
  });

  it('throws a CacheMissError naming what the working cache lacks', async () => {
    const source = await openCache({ store: 'memory', dir: '' });
    const scratch = await openCache({ store: 'memory', dir: '' });
    await source.set(k('a'), entry(k('a')));
    const fake = chainReplay(scratch, [[k('a'), k('f')]]);
    const err = await collectNeededEntries({ source, scratch, replay: fake.replay }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CacheMissError);
    expect((err as CacheMissError).missing).toEqual([`m: sample, call (key ${k('f').slice(0, 12)})`]);
    expect((err as Error).message).toMatch(/lacks 1 answer\(s\) the experiment needs; run it with a key first/);
  });
});
