import { describe, expect, it } from 'vitest';
import { LlmHttpError } from '../errors/index.js';
import { AdaptiveLimiter, limiterPolicy, overloadWithoutPause } from './adaptive.js';
import { createAdaptiveChatClient, overloadBackoffMs } from './adaptive-client.js';
import type { ChatClient, ChatRequest, ChatResult } from './types.js';

const request = (): ChatRequest => ({
  model: 'm',
  messages: [{ role: 'user', content: 'u' }],
  temperature: 0,
  max_tokens: 100,
  response_format: { type: 'json_object' },
});
const ok = (attempts = 1): ChatResult => ({ content: '{}', reasoning: null, finish_reason: 'stop', usage: { prompt_tokens: 1, cached_tokens: 0, completion_tokens: 1 }, attempts, latency_ms: 1, cache_hit: false });

describe('createAdaptiveChatClient', () => {
  it('re-queues a 429 after its Retry-After, counting every attempt and each 429', async () => {
    let calls = 0;
    const inner: ChatClient = {
      endpoint: 'e',
      async complete() {
        calls++;
        if (calls <= 2) throw new LlmHttpError('busy', 429, 5);
        return ok();
      },
    };
    const limiter = new AdaptiveLimiter({ policy: limiterPolicy(4), classify: overloadWithoutPause });
    const counters = { requests: 0, rateLimited: 0 };
    const result = await createAdaptiveChatClient({ inner, limiter, counters }).complete(request());
    expect(result.content).toBe('{}');
    expect(counters).toEqual({ requests: 3, rateLimited: 2 });
    expect(limiter.snapshot().rateLimited).toBe(2);
    expect(limiter.snapshot().pausedUntil).toBe(0); // no endpoint-wide pause
  });

  it('gives up on errors that are not overload, and after maxOverloadRetries', async () => {
    const fail = (status: number): ChatClient => ({ endpoint: 'e', complete: async () => Promise.reject(new LlmHttpError('no', status, undefined)) });
    const limiter = new AdaptiveLimiter({ policy: limiterPolicy(4) });
    const counters = { requests: 0, rateLimited: 0 };
    await expect(createAdaptiveChatClient({ inner: fail(400), limiter, counters }).complete(request())).rejects.toThrow('no');
    expect(counters.requests).toBe(1);
    await expect(createAdaptiveChatClient({ inner: fail(429), limiter, counters, maxOverloadRetries: 2 }).complete(request())).rejects.toThrow('no');
    expect(counters.requests).toBe(4);
  });

  it('re-queues a 503 only when it says when to come back; either way the limit is cut', async () => {
    const counters = { requests: 0, rateLimited: 0 };
    const down: ChatClient = { endpoint: 'e', complete: async () => Promise.reject(new LlmHttpError('down', 503, undefined)) };
    const limiter = new AdaptiveLimiter({ policy: limiterPolicy(8), classify: overloadWithoutPause });
    await expect(createAdaptiveChatClient({ inner: down, limiter, counters }).complete(request())).rejects.toThrow('down');
    expect(counters.requests).toBe(1); // an endpoint that is down is not hammered 20 more times
    expect(limiter.snapshot()).toMatchObject({ limit: 1, overloads: 1, rateLimited: 0 });
    let calls = 0;
    const busy: ChatClient = {
      endpoint: 'e',
      async complete() {
        calls++;
        if (calls === 1) throw new LlmHttpError('busy', 503, 5);
        return ok();
      },
    };
    const result = await createAdaptiveChatClient({ inner: busy, limiter, counters }).complete(request());
    expect(result.content).toBe('{}');
    expect(calls).toBe(2);
  });

  it('re-queues a 429 without Retry-After after a jittered backoff', async () => {
    let calls = 0;
    const inner: ChatClient = {
      endpoint: 'e',
      async complete() {
        calls++;
        if (calls <= 3) throw new LlmHttpError('busy', 429, undefined);
        return ok();
      },
    };
    const limiter = new AdaptiveLimiter({ policy: limiterPolicy(4), classify: overloadWithoutPause });
    const counters = { requests: 0, rateLimited: 0 };
    const started = Date.now();
    await createAdaptiveChatClient({ inner, limiter, counters, backoffBaseMs: 20, random: () => 0.99 }).complete(request());
    expect(counters).toEqual({ requests: 4, rateLimited: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(20 + 40 + 80 - 10);
  });
});

describe('overloadBackoffMs', () => {
  it('is full jitter over base x 2^retry, capped at 10 s', () => {
    expect(overloadBackoffMs(0, 100, () => 0.5)).toBe(50);
    expect(overloadBackoffMs(3, 100, () => 0.5)).toBe(400);
    expect(overloadBackoffMs(20, 100, () => 0.999)).toBe(9990);
    expect(overloadBackoffMs(2, 100, () => 0)).toBe(0);
  });
});
