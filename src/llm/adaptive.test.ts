import { describe, expect, it } from 'vitest';
import { LlmHttpError } from '../errors/index.js';
import { AdaptiveLimiter, createAdaptiveChatClient, limiterPolicy, LimiterPool, nextLimiterState, overloadOf, overloadWithoutPause } from './adaptive.js';
import type { ChatClient, ChatRequest, ChatResult } from './types.js';

const request = (): ChatRequest => ({
  model: 'm',
  messages: [{ role: 'user', content: 'u' }],
  temperature: 0,
  max_tokens: 100,
  response_format: { type: 'json_object' },
});
const ok = (attempts = 1): ChatResult => ({ content: '{}', reasoning: null, finish_reason: 'stop', usage: { prompt_tokens: 1, cached_tokens: 0, completion_tokens: 1 }, attempts, latency_ms: 1, cache_hit: false });

const tooMany = (retryAfterMs?: number) => new LlmHttpError('HTTP 429', 429, retryAfterMs);
const flush = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** A task that waits until released. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('nextLimiterState', () => {
  const policy = limiterPolicy(10);
  it('grows by about one per round of successes and never above max', () => {
    let s = { limit: 4, epoch: 0 };
    for (let i = 0; i < 4; i++) s = nextLimiterState(s, { kind: 'success' }, policy);
    expect(s.limit).toBeGreaterThan(4.8);
    expect(s.limit).toBeLessThan(5.01);
    for (let i = 0; i < 1000; i++) s = nextLimiterState(s, { kind: 'success' }, policy);
    expect(s.limit).toBe(10);
  });
  it('halves on overload, at most once per epoch, never below 1', () => {
    let s = { limit: 10, epoch: 0 };
    s = nextLimiterState(s, { kind: 'overload', startedEpoch: 0 }, policy);
    expect(s).toEqual({ limit: 5, epoch: 1 });
    expect(nextLimiterState(s, { kind: 'overload', startedEpoch: 0 }, policy)).toBe(s); // stale: sent under the old limit
    for (let i = 0; i < 10; i++) s = nextLimiterState(s, { kind: 'overload', startedEpoch: s.epoch }, policy);
    expect(s.limit).toBe(1);
  });
});

describe('overloadOf', () => {
  it('treats 429, 503 and 529 as overload and carries Retry-After; other errors are not', () => {
    expect(overloadOf(tooMany(2000))).toEqual({ status: 429, retryAfterMs: 2000 });
    expect(overloadOf(new LlmHttpError('x', 529, undefined))).toEqual({ status: 529, retryAfterMs: undefined });
    expect(overloadOf(new LlmHttpError('x', 500, undefined))).toBeNull();
    expect(overloadOf(new Error('x'))).toBeNull();
  });
});

describe('AdaptiveLimiter', () => {
  it('never has more than max in flight and runs every task', async () => {
    const limiter = new AdaptiveLimiter({ policy: limiterPolicy(3) });
    const gates = Array.from({ length: 10 }, () => deferred());
    let peak = 0;
    const runs = gates.map((g, i) =>
      limiter.run(async () => {
        peak = Math.max(peak, limiter.snapshot().inFlight);
        await g.promise;
        return i;
      }),
    );
    await flush();
    expect(limiter.snapshot()).toMatchObject({ inFlight: 3, queued: 7 });
    for (const g of gates) {
      g.resolve();
      await flush();
    }
    expect(await Promise.all(runs)).toEqual([...Array(10).keys()]);
    expect(peak).toBe(3);
    expect(limiter.snapshot()).toMatchObject({ inFlight: 0, queued: 0, successes: 10, limit: 3 });
  });

  it('cuts once for a burst of 429s, counts each one, rethrows them, and grows back on success', async () => {
    const limiter = new AdaptiveLimiter({ policy: limiterPolicy(8) });
    const burst = Array.from({ length: 8 }, () => limiter.run(async () => Promise.reject(tooMany())).catch((e: unknown) => e));
    const errors = await Promise.all(burst);
    expect(errors.every((e) => e instanceof LlmHttpError)).toBe(true);
    expect(limiter.snapshot()).toMatchObject({ limit: 4, rateLimited: 8, overloads: 8, failures: 8 });
    for (let i = 0; i < 200; i++) await limiter.run(async () => i);
    expect(limiter.snapshot().limit).toBe(8);
  });

  it('ignores errors that are not overload', async () => {
    const limiter = new AdaptiveLimiter({ policy: limiterPolicy(4) });
    await limiter.run(async () => Promise.reject(new LlmHttpError('bad', 400, undefined))).catch(() => undefined);
    expect(limiter.snapshot()).toMatchObject({ limit: 4, failures: 1, overloads: 0 });
  });

  it('honours Retry-After for the whole endpoint, capped at maxPauseMs', async () => {
    let now = 1_000;
    const timers: Array<{ at: number; fn: () => void }> = [];
    const limiter = new AdaptiveLimiter({
      policy: limiterPolicy(4, { maxPauseMs: 60_000 }),
      now: () => now,
      schedule: (fn, ms) => void timers.push({ at: now + ms, fn }),
    });
    await limiter.run(async () => Promise.reject(tooMany(3_600_000))).catch(() => undefined);
    expect(limiter.snapshot().pausedUntil).toBe(61_000);
    let started = 0;
    const later = [limiter.run(async () => ++started), limiter.run(async () => ++started)];
    await flush();
    expect(started).toBe(0);
    expect(timers.map((t) => t.at)).toEqual([61_000]);
    now = 61_000;
    timers.shift()!.fn();
    await Promise.all(later);
    expect(started).toBe(2);
  });

  it('reportOverload from a client retrying inside run also cuts and pauses', () => {
    const limiter = new AdaptiveLimiter({ policy: limiterPolicy(6), now: () => 0, schedule: () => undefined });
    const epoch = limiter.epoch;
    limiter.reportOverload({ status: 429, retryAfterMs: 500 }, epoch);
    limiter.reportOverload({ status: 429 }, epoch); // same burst: counted, not cut again
    expect(limiter.snapshot()).toMatchObject({ limit: 3, rateLimited: 2, pausedUntil: 500 });
  });

  it('against a server that takes 10 at once, a client allowed 50 finishes in few more rounds than the ideal', async () => {
    // Counting, not timing: every "round" the server finishes what it holds; 429s are answered at once and retried.
    const capacity = 10;
    const limiter = new AdaptiveLimiter({ policy: limiterPolicy(50) });
    let held: Array<() => void> = [];
    const server = () =>
      held.length >= capacity ? Promise.reject(tooMany()) : new Promise<void>((res) => held.push(res));
    const task = async () => {
      for (;;) {
        try {
          return await limiter.run(server);
        } catch {
          /* 429: retry */
        }
      }
    };
    const all = Promise.all(Array.from({ length: 200 }, task));
    let rounds = 0;
    let done = false;
    void all.then(() => (done = true));
    while (!done) {
      await flush(20);
      const now = held;
      held = [];
      for (const r of now) r();
      rounds++;
    }
    const ideal = 200 / capacity;
    expect(rounds).toBeLessThanOrEqual(Math.ceil(ideal * 1.5));
    // A fixed limit of 50 would draw ~40 429s per round (800+); AIMD settles near capacity (60 measured).
    expect(limiter.snapshot().rateLimited).toBeGreaterThan(0);
    expect(limiter.snapshot().rateLimited).toBeLessThan(100);
    expect(limiter.snapshot().limit).toBeLessThanOrEqual(2 * capacity);
  });
});

describe('LimiterPool', () => {
  it('keeps one limiter per endpoint', async () => {
    const pool = new LimiterPool({ policy: limiterPolicy(5) });
    expect(pool.for('https://a/v1')).toBe(pool.for('https://a/v1'));
    expect(pool.for('https://b/v1')).not.toBe(pool.for('https://a/v1'));
    await pool.for('https://a/v1').run(async () => Promise.reject(tooMany())).catch(() => undefined);
    expect(pool.snapshot()['https://a/v1']!.limit).toBe(2);
    expect(pool.snapshot()['https://b/v1']!.limit).toBe(5);
  });
});

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
    expect(limiter.snapshot()).toMatchObject({ limit: 4, overloads: 1, rateLimited: 0 });
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
});
