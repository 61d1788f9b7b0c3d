import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { initialLimiterState, limiterPolicy } from '../llm/index.js';
import { findRedisServer, startRedis, type RedisServer } from '../cache/stores/__fixtures__/redis-server.js';
import { connectRedisLimitStore } from './redis-store.js';
import type { SharedLimitStore } from './store.js';

const PASSWORD = 'li:mit@secret';
const bin = findRedisServer();
const initial = initialLimiterState(limiterPolicy(3, { initial: 3 }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!bin && !process.env.CI)('redis limit store (a redis-server of its own on loopback)', () => {
  let redis: RedisServer;
  let a: SharedLimitStore;
  let b: SharedLimitStore;
  beforeAll(async () => {
    redis = await startRedis({ bin: bin ?? 'redis-server', password: PASSWORD });
    [a, b] = await Promise.all([connectRedisLimitStore({ url: redis.url }), connectRedisLimitStore({ url: redis.url })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  });

  it('two clients share floor(limit) slots; a released slot is free again', async () => {
    const take = (s: SharedLimitStore, id: string, max = 10) => s.acquire('slots', id, { ttlMs: 10_000, initial, max });
    expect(await take(a, 'a1')).toMatchObject({ granted: true, inFlight: 1, state: initial });
    expect(await take(b, 'b1')).toMatchObject({ granted: true, inFlight: 2 });
    expect(await take(a, 'a2')).toMatchObject({ granted: true, inFlight: 3 });
    expect(await take(b, 'b2')).toMatchObject({ granted: false, inFlight: 3 });
    await a.release('slots', 'a1');
    expect(await take(b, 'b2', 2)).toMatchObject({ granted: false, inFlight: 2 }); // a process with --concurrency 2
    expect(await take(b, 'b2')).toMatchObject({ granted: true, inFlight: 3 });
  });

  it('an unrenewed lease expires (a crashed process), a renewed one does not', async () => {
    const one = { ...initial, limit: 1 };
    expect((await a.acquire('leases', 'crashed', { ttlMs: 300, initial: one, max: 10 })).granted).toBe(true);
    expect((await b.acquire('leases', 'other', { ttlMs: 300, initial: one, max: 10 })).granted).toBe(false);
    await sleep(350);
    expect((await b.acquire('leases', 'other', { ttlMs: 300, initial: one, max: 10 })).granted).toBe(true);
    await sleep(200);
    await b.refresh('leases', ['other'], 300);
    await sleep(200);
    expect((await a.acquire('leases', 'late', { ttlMs: 300, initial: one, max: 10 })).granted).toBe(false);
  });

  it('update is atomic: read-modify-writes of two clients racing each other all land', async () => {
    const bump = (s: SharedLimitStore) => s.update('cas', (st) => ({ ...st, epoch: st.epoch + 1 }), initial);
    const thirty = async (s: SharedLimitStore) => {
      for (let i = 0; i < 30; i++) await bump(s);
    };
    await Promise.all([thirty(a), thirty(b)]);
    expect((await a.update('cas', (st) => st, initial)).epoch).toBe(60);
    expect((await a.acquire('cas', 'x', { ttlMs: 1000, initial, max: 10 })).state.epoch).toBe(60);
  });

  it('a wrong password is a ConfigError that never shows the password', async () => {
    const wrong = redis.url.replace(encodeURIComponent(PASSWORD), 'not-the-password');
    const err = await connectRedisLimitStore({ url: wrong, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/--shared-limit: cannot use redis:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
    expect((err as Error).message).not.toContain('not-the-password');
  });
});
