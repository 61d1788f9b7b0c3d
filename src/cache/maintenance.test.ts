import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import { fakeClient, request } from './__fixtures__/fake-client.js';
import { createCachingChatClient } from './client.js';
import { parseDuration, parseKeyList, pruneCache, summariseCache } from './maintenance.js';
import { openCache } from './stores/registry.js';
import type { Cache } from './cache.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');

/** A file cache with 2 old deepseek entries, 1 new deepseek entry and 1 new gpt entry. */
async function seeded(): Promise<{ cache: Cache; dir: string; keys: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'cache-maint-'));
  const cache = await openCache({ dir });
  const put = (iso: string, model: string, i: number) =>
    createCachingChatClient({ inner: fakeClient(), cache, now: () => iso }).complete(request({ model, sample_index: i }));
  await put('2026-09-01T00:00:00Z', 'deepseek-chat', 0);
  await put('2026-09-02T00:00:00Z', 'deepseek-chat', 1);
  await put('2026-11-24T00:00:00Z', 'deepseek-chat', 2);
  await put('2026-11-24T00:00:00Z', 'gpt-5', 0);
  const keys: string[] = [];
  for await (const k of cache.keys()) keys.push(k);
  return { cache, dir, keys };
}

describe('summariseCache', () => {
  it('counts entries, bytes on disk and per model, and flags invalid files', async () => {
    const { cache, dir, keys } = await seeded();
    writeFileSync(join(dir, keys[0]!.slice(0, 2), `${keys[0]}.json`), '{"version": 99}\n');
    const s = await summariseCache(cache);
    expect(s.entries).toBe(3);
    expect(s.invalid).toBe(1);
    expect(Object.keys(s.byModel).sort()).toEqual(['deepseek-chat', 'gpt-5']);
    expect(s.byModel['deepseek-chat']!.entries + s.byModel['gpt-5']!.entries).toBe(3);
    expect(s.bytes).toBeGreaterThan(s.byModel['deepseek-chat']!.bytes + s.byModel['gpt-5']!.bytes);
    expect(s.newest).toBe('2026-11-24T00:00:00Z');
  });
});

describe('pruneCache', () => {
  it('deletes entries matching every filter and keeps the rest', async () => {
    const { cache } = await seeded();
    const r = await pruneCache(cache, { olderThanMs: 30 * DAY, model: 'deepseek-chat', now: () => NOW });
    expect(r).toMatchObject({ scanned: 4, deleted: 2, invalid: 0 });
    expect((await summariseCache(cache)).entries).toBe(2);
  });

  it('with keep-keys only, deletes every other key; dry-run deletes nothing', async () => {
    const { cache, keys } = await seeded();
    const dry = await pruneCache(cache, { keepKeys: new Set([keys[0]!]), dryRun: true });
    expect(dry.deleted).toBe(3);
    expect((await summariseCache(cache)).entries).toBe(4);
    await pruneCache(cache, { keepKeys: new Set([keys[0]!]) });
    const left: string[] = [];
    for await (const k of cache.keys()) left.push(k);
    expect(left).toEqual([keys[0]]);
  });

  it('refuses to run without a filter', async () => {
    const { cache } = await seeded();
    await expect(pruneCache(cache, {})).rejects.toBeInstanceOf(UsageError);
  });

  it('--older-than 0 deletes every entry file', async () => {
    const { cache, dir } = await seeded();
    await pruneCache(cache, { olderThanMs: 0, now: () => NOW });
    const files = readdirSync(dir, { recursive: true }).filter((n) => String(n).endsWith('.json'));
    expect(files).toEqual([]);
  });
});

describe('parseDuration', () => {
  it('reads s/m/h/d/w and rejects anything else', () => {
    expect(parseDuration('30d')).toBe(30 * DAY);
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('1.5w')).toBe(10.5 * DAY);
    expect(() => parseDuration('30 days')).toThrow(/--older-than: expected a duration/);
    expect(() => parseDuration('-1d')).toThrow(UsageError);
  });
});

describe('parseKeyList', () => {
  it('takes one key per line, ignoring blanks and comments', () => {
    expect([...parseKeyList('# keys used by run x\nabc\n\n def  # trailing\r\n')]).toEqual(['abc', 'def']);
  });
});
