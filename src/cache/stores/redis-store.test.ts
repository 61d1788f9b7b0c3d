import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors/index.js';
import { fakeClient, request } from '../__fixtures__/fake-client.js';
import { createCachingChatClient } from '../client.js';
import { summariseCache } from '../maintenance.js';
import { distinctKey, runCli, runWriters, sha256, sharedKey, testEntry } from './__fixtures__/processes.js';
import { findRedisServer, startRedis, type RedisServer } from './__fixtures__/redis-server.js';
import { openCache } from './registry.js';

const PASSWORD = 'pa55:w@rd/secret';
const bin = findRedisServer();
if (!bin && !process.env.CI) {
  console.warn('\n*** redis-store tests SKIPPED: redis-server is not installed (apt-get install redis-server). In CI they run. ***\n');
}

async function allKeys(cache: { keys(): AsyncIterable<string> }): Promise<string[]> {
  const out: string[] = [];
  for await (const k of cache.keys()) out.push(k);
  return out;
}

// In CI a missing redis-server fails startRedis instead of skipping.
describe.skipIf(!bin && !process.env.CI)('redis store (a redis-server of its own on loopback)', () => {
  let redis: RedisServer;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redis-store-'));
    redis = await startRedis({ bin: bin ?? 'redis-server', password: PASSWORD });
  });
  afterAll(async () => {
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('two machines share one cache: the caching client of one serves what the other fetched', async () => {
    const [a, b] = await Promise.all([openCache({ store: 'redis', dir, url: redis.url }), openCache({ store: 'redis', dir, url: redis.url })]);
    const innerA = fakeClient();
    await createCachingChatClient({ inner: innerA, cache: a! }).complete(request({ sample_index: 7 }));
    expect(innerA.calls).toHaveLength(1);
    // Machine B replays read-only: a miss would throw, and its own endpoint is never called.
    const innerB = fakeClient({ answer: () => new Error('machine B must not call the model') });
    const clientB = createCachingChatClient({ inner: innerB, cache: b!, mode: 'read-only' });
    const hit = await clientB.complete(request({ sample_index: 7 }));
    expect(hit).toMatchObject({ cache_hit: true, attempts: 0 });
    expect(hit.content).toContain('sample s-1');
    expect(innerB.calls).toHaveLength(0);
    await Promise.all([a!.close(), b!.close()]);
  });

  it('two processes writing distinct and identical keys at once; keys() (SCAN) lists each once, only its namespace', async () => {
    const ns = 'writers-test';
    const other = await openCache({ store: 'redis', dir, url: redis.url, namespace: 'another-tool' });
    await other.set(sha256('foreign'), testEntry(sha256('foreign')));
    const results = await runWriters([1, 2].map((who) => ({ store: 'redis', dir, url: redis.url, who, distinct: 30, shared: 10 })));
    expect(results).toEqual([{ code: 0, stderr: '' }, { code: 0, stderr: '' }]);
    const cache = await openCache({ store: 'redis', dir, url: redis.url });
    const keys = await allKeys(cache);
    expect(keys).not.toContain(sha256('foreign'));
    for (const who of [1, 2]) for (let i = 0; i < 30; i++) expect(keys).toContain(distinctKey(who, i));
    for (let i = 0; i < 10; i++) expect((await cache.get(sharedKey(i)))?.model).toBe('shared-model');
    expect(new Set(keys).size).toBe(keys.length);
    // More keys than one SCAN page, in a namespace of their own.
    const big = await openCache({ store: 'redis', dir, url: redis.url, namespace: ns });
    const many = Array.from({ length: 2500 }, (_, i) => sha256(`many${i}`));
    await Promise.all(many.map((k) => big.set(k, testEntry(k))));
    expect(new Set(await allKeys(big))).toEqual(new Set(many));
    expect(await big.sizeOf(many[0]!)).toBeGreaterThan(200);
    await Promise.all([other.close(), cache.close(), big.close()]);
  });

  it('a wrong password or a closed port is a ConfigError that never shows the password', async () => {
    const wrong = redis.url.replace(encodeURIComponent(PASSWORD), 'not-the-password');
    const bad = await openCache({ store: 'redis', dir, url: wrong }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ConfigError);
    expect((bad as Error).message).toMatch(/cannot use redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: WRONGPASS/);
    expect((bad as Error).message).not.toContain('not-the-password');
    const closed = `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:1`;
    const refused = await openCache({ store: 'redis', dir, url: closed, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toMatch(/ECONNREFUSED/);
    for (const text of [(refused as Error).message, String((refused as Error).cause)]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(encodeURIComponent(PASSWORD));
    }
  });

  it('sft-label cache stats --cache-store redis (built CLI) reads SFT_LABEL_CACHE_URL and prints it redacted', async () => {
    const cache = await openCache({ store: 'redis', dir, url: redis.url, namespace: 'cli-test' });
    await cache.set(sha256('cli'), testEntry(sha256('cli'), 'gpt-5'));
    const before = await summariseCache(cache);
    await cache.close();
    // The CLI has no namespace flag: it reads the default namespace, which the other tests filled.
    const r = runCli(['cache', 'stats', '--json', '--cache-store', 'redis'], { SFT_LABEL_CACHE_URL: redis.url });
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout) as { store: string; location: string; entries: number; byModel: Record<string, unknown> };
    expect(s).toMatchObject({ store: 'redis', location: `redis://:***@127.0.0.1:${redis.port}` });
    expect(s.entries).toBeGreaterThanOrEqual(2 * 30 + 10);
    expect(s.byModel['gpt-5']).toBeUndefined();
    expect(before.entries).toBe(1);
    expect(r.stdout).not.toContain(encodeURIComponent(PASSWORD));
    const denied = runCli(['cache', 'stats', '--cache-store', 'redis'], { SFT_LABEL_CACHE_URL: redis.url.replace(encodeURIComponent(PASSWORD), 'guess') });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/cache store "redis": cannot use redis:\/\/:\*\*\*@/);
    expect(denied.stderr).not.toContain('guess');
  });
});

describe('redis store without a server', () => {
  it('needs a redis:// URL; another scheme is a ConfigError', async () => {
    await expect(openCache({ store: 'redis', dir: '' })).rejects.toThrow(/needs a URL \(SFT_LABEL_CACHE_URL=redis:\/\/host:6379\)/);
    await expect(openCache({ store: 'redis', dir: '', url: 'http://u:pw@host' })).rejects.toThrow(/takes a redis:\/\/ or rediss:\/\/ URL.*"http:\/\/u:\*\*\*@host\/"/);
  });

  it('a server that accepts but never answers is a ConfigError after the connect timeout, and nothing stays open', async () => {
    const open = new Set<Socket>();
    const silent = createServer((s) => {
      open.add(s);
      s.resume(); // read and ignore what the client sends, so its end of the connection is seen
      s.on('close', () => open.delete(s));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as { port: number };
    const err = await openCache({ store: 'redis', dir: '', url: `redis://:pw@127.0.0.1:${port}`, connectTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`cache store "redis": cannot use redis://:***@127.0.0.1:${port}: no answer within 300 ms`);
    // The client was dropped: its socket closes from the other end.
    await expect.poll(() => open.size).toBe(0);
    silent.close();
  });
});
