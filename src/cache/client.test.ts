import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheMissError, LlmHttpError } from '../errors/index.js';
import { fakeClient, request } from './__fixtures__/fake-client.js';
import { createCachingChatClient } from './client.js';
import { openCache } from './stores/registry.js';

const memory = () => openCache({ store: 'memory', dir: '' });

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? allFiles(join(dir, n)) : [join(dir, n)]));
}

describe('createCachingChatClient', () => {
  it('read-write: the second identical call is a hit with attempts 0 and sends nothing', async () => {
    const inner = fakeClient();
    const client = createCachingChatClient({ inner, cache: await memory() });
    const first = await client.complete(request());
    const second = await client.complete(request());
    expect(inner.calls).toHaveLength(1);
    expect(first).toMatchObject({ cache_hit: false, attempts: 1 });
    expect(second).toMatchObject({ cache_hit: true, attempts: 0, content: first.content, usage: first.usage });
    expect(second.latency_ms).toBeLessThan(50);
    expect(client.stats()).toMatchObject({ hits: 1, misses: 1, writes: 1 });
    expect(client.endpoint).toBe(inner.endpoint);
  });

  it('sends identical requests in flight at once only once (single-flight), distinct ones separately', async () => {
    const inner = fakeClient({ manual: true });
    const client = createCachingChatClient({ inner, cache: await memory() });
    const same = Array.from({ length: 5 }, () => client.complete(request()));
    const other = client.complete(request({ sample_index: 1 }));
    while (inner.calls.length < 2) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    inner.release();
    const results = await Promise.all([...same, other]);
    expect(inner.calls).toHaveLength(2);
    expect(new Set(results.slice(0, 5).map((r) => r.content)).size).toBe(1);
    // exactly one caller paid: the others report no attempts so cost is not counted five times
    expect(results.slice(0, 5).filter((r) => r.attempts === 1)).toHaveLength(1);
    expect(client.stats().joined).toBe(4);
  });

  it('never caches errors, truncated answers or empty content', async () => {
    let mode: 'error' | 'length' | 'empty' | 'filter' = 'error';
    const inner = fakeClient({
      answer: () =>
        mode === 'error' ? new LlmHttpError('HTTP 500', 500, undefined)
        : mode === 'length' ? { finish_reason: 'length' }
        : mode === 'empty' ? { content: '  \n' }
        : { finish_reason: 'content_filter' },
    });
    const cache = await memory();
    const client = createCachingChatClient({ inner, cache });
    await expect(client.complete(request())).rejects.toBeInstanceOf(LlmHttpError);
    for (const m of ['length', 'empty', 'filter'] as const) {
      mode = m;
      await client.complete(request());
    }
    await client.complete(request()); // still a miss: nothing was stored
    expect(inner.calls).toHaveLength(5);
    expect(cache.stats().sets).toBe(0);
    expect(client.stats().uncacheable).toBe(4);
  });

  it('read-only: hits are served, a miss throws CacheMissError naming model and description, and is remembered', async () => {
    const cache = await memory();
    await createCachingChatClient({ inner: fakeClient(), cache }).complete(request());
    const inner = fakeClient();
    const client = createCachingChatClient({ inner, cache, mode: 'read-only' });
    expect((await client.complete(request())).cache_hit).toBe(true);
    const err = await client.complete(request({ temperature: 0.3 }), { describe: 'sample s-7 call 2' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CacheMissError);
    expect((err as CacheMissError).missing).toEqual([expect.stringMatching(/^deepseek-chat: sample s-7 call 2 \(key [0-9a-f]{12}\)$/)]);
    await client.complete(request({ sample_index: 3 })).catch(() => undefined);
    expect(client.missing()).toHaveLength(2);
    expect(client.missing()[1]).toMatch(/sample_index 3/);
    expect(inner.calls).toHaveLength(0);
  });

  it('refresh: always sends and overwrites; off: never reads or writes', async () => {
    const cache = await memory();
    await createCachingChatClient({ inner: fakeClient(), cache }).complete(request());
    const refreshed = fakeClient({ answer: () => ({ content: '{"fresh": true}' }) });
    const r = await createCachingChatClient({ inner: refreshed, cache, mode: 'refresh' }).complete(request());
    expect(r.cache_hit).toBe(false);
    expect(refreshed.calls).toHaveLength(1);
    const hit = await createCachingChatClient({ inner: fakeClient(), cache }).complete(request());
    expect(hit.content).toBe('{"fresh": true}');

    const offInner = fakeClient();
    const sets = cache.stats().sets;
    const off = createCachingChatClient({ inner: offInner, cache, mode: 'off' });
    await off.complete(request());
    await off.complete(request());
    expect(offInner.calls).toHaveLength(2);
    expect(cache.stats().sets).toBe(sets);
  });

  it('reports a failed write through onWriteError and still returns the answer', async () => {
    const cache = await memory();
    const broken = { ...cache, set: async () => { throw new Error('disk full'); } };
    const seen: unknown[] = [];
    const r = await createCachingChatClient({ inner: fakeClient(), cache: broken, onWriteError: (e) => seen.push(e) }).complete(request());
    expect(r.content).toContain('sample s-1');
    expect(seen).toHaveLength(1);
  });

  it('with the file store: writes a pretty, versioned entry per request, and the API key appears in no key or file', async () => {
    const secret = 'sk-live-DO-NOT-LEAK-9f8e7d6c5b4a';
    const dir = mkdtempSync(join(tmpdir(), 'cache-secret-'));
    const cache = await openCache({ store: 'file', dir });
    // The inner client holds the key, as the real HTTP client does; the endpoint it exposes must not.
    const inner = { ...fakeClient({ endpoint: `https://u:${secret}@api.example.com/v1?api-key=${secret}` }), apiKey: secret };
    const client = createCachingChatClient({ inner, cache, now: () => '2026-11-25T12:00:00.000Z' });
    await client.complete({ ...request(), api_key: secret } as never, { describe: 'sample s-1 call 1' });
    await client.complete(request({ sample_index: 1 }));
    const files = allFiles(dir);
    expect(files).toHaveLength(2);
    for (const f of files) {
      expect(f).toMatch(/[/\\]([0-9a-f]{2})[/\\]\1[0-9a-f]{62}\.json$/);
      const text = readFileSync(f, 'utf8');
      expect(f + text).not.toContain(secret);
      expect(text).toMatch(/^\{\n {2}"version": 1,/);
      const entry = JSON.parse(text) as Record<string, unknown>;
      expect(entry).toMatchObject({ model: 'deepseek-chat', endpoint: 'https://api.example.com/v1', created_at: '2026-11-25T12:00:00.000Z' });
    }
    for await (const key of cache.keys()) {
      expect(key).not.toContain(secret);
      expect(await cache.has(key)).toBe(true);
    }
    expect(await cache.has('0'.repeat(64))).toBe(false);
  });
});
