import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../errors/index.js';
import type { ChatRequest } from '../llm/index.js';
import { findRedisServer, startRedis, type RedisServer } from '../cache/stores/__fixtures__/redis-server.js';
import { connectRedisLimitStore } from './redis-store.js';
import { createRateGate, requestTokens } from './rate.js';

const request = (content: string, maxTokens = 100): ChatRequest => ({
  model: 'm',
  messages: [{ role: 'user', content }],
  temperature: 0,
  max_tokens: maxTokens,
  response_format: { type: 'json_object' },
});

describe('requestTokens', () => {
  it('counts prompt characters / 4, rounded up, plus max_tokens', () => {
    expect(requestTokens(request('x'.repeat(401), 1000))).toBe(1101);
  });
});

describe('createRateGate (in this process)', () => {
  afterEach(() => void vi.useRealTimers());

  it('is null without a budget', async () => {
    expect(await createRateGate({ budget: {}, key: 'k' })).toBeNull();
  });

  it('--rpm: the fourth request of a 3 rpm budget waits for the next minute', async () => {
    vi.useFakeTimers();
    const waits: number[] = [];
    const gate = (await createRateGate({ budget: { rpm: 3 }, key: 'k', sleep: async (ms) => void (waits.push(ms), vi.advanceTimersByTime(ms)) }))!;
    for (let i = 0; i < 3; i++) await gate.take(10);
    expect(waits).toEqual([]);
    await gate.take(10);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(59_000);
  });

  it('--tpm: counts tokens, and a request larger than the whole budget is a ConfigError', async () => {
    vi.useFakeTimers();
    const waits: number[] = [];
    const gate = (await createRateGate({ budget: { tpm: 1000 }, key: 'k', sleep: async (ms) => void (waits.push(ms), vi.advanceTimersByTime(ms)) }))!;
    await gate.take(600);
    await gate.take(400);
    expect(waits).toEqual([]);
    await gate.take(1);
    expect(waits).toHaveLength(1);
    await expect(gate.take(1001)).rejects.toBeInstanceOf(ConfigError);
  });
});

const bin = findRedisServer();
describe.skipIf(!bin && !process.env.CI)('createRateGate on the shared Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => void (redis = await startRedis({ bin: bin ?? 'redis-server' })));
  afterAll(async () => void (await redis?.stop()));

  it('two processes share one rpm budget', async () => {
    const [a, b] = await Promise.all([connectRedisLimitStore({ url: redis.url }), connectRedisLimitStore({ url: redis.url })]);
    try {
      const waited: string[] = [];
      const gate = async (name: string, client: unknown) =>
        (await createRateGate({ budget: { rpm: 4 }, key: 'shared', redisClient: client, sleep: () => (waited.push(name), new Promise(() => undefined)) }))!;
      const [ga, gb] = await Promise.all([gate('a', a.client), gate('b', b.client)]);
      await Promise.all([ga.take(1), gb.take(1), ga.take(1), gb.take(1)]);
      expect(waited).toEqual([]);
      void gb.take(1); // the fifth of the minute, whichever process asks, must wait
      await new Promise((r) => setTimeout(r, 100));
      expect(waited).toEqual(['b']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
