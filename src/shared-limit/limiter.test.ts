import { describe, expect, it } from 'vitest';
import { LlmHttpError } from '../errors/index.js';
import { limiterPolicy, overloadWithoutPause } from '../llm/index.js';
import { SharedLimiter } from './limiter.js';
import { memoryLimitStore } from './__fixtures__/memory-store.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SharedLimiter', () => {
  it('two processes on one store never hold more than the shared limit, and run every task', async () => {
    const store = memoryLimitStore();
    const make = () => new SharedLimiter({ store, key: 'k', policy: limiterPolicy(6, { initial: 6 }), pollMs: 2 });
    const [a, b] = [make(), make()];
    let inFlight = 0;
    let peak = 0;
    const task = (i: number) => async () => {
      peak = Math.max(peak, ++inFlight);
      await sleep(5);
      inFlight--;
      return i;
    };
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).run(task(i))));
    expect(results).toEqual([...Array(40).keys()]);
    expect(peak).toBe(6);
    expect(store.leases('k')).toBe(0);
    expect(a.snapshot().successes + b.snapshot().successes).toBe(40);
  });

  it('a 429 seen by one process lowers the limit of the other', async () => {
    const store = memoryLimitStore();
    const a = new SharedLimiter({ store, key: 'k', policy: limiterPolicy(10, { initial: 10 }), classify: overloadWithoutPause });
    const b = new SharedLimiter({ store, key: 'k', policy: limiterPolicy(10, { initial: 10 }), classify: overloadWithoutPause });
    // Four in flight over both, then the fifth is refused: the server took four.
    const gates: Array<() => void> = [];
    const held = Array.from({ length: 4 }, (_, i) => (i % 2 ? a : b).run(() => new Promise<void>((r) => gates.push(r))));
    await sleep(10);
    await a.run(async () => Promise.reject(new LlmHttpError('busy', 429, undefined))).catch(() => undefined);
    await sleep(10);
    expect(store.state('k')).toMatchObject({ limit: 4, ceiling: 4 });
    expect(a.snapshot()).toMatchObject({ rateLimited: 1, limit: 4 });
    let started = false;
    const fifth = b.run(async () => void (started = true));
    await sleep(20);
    expect(started).toBe(false); // b waits: four are in flight, the shared limit is four
    gates.forEach((g) => g());
    await Promise.all([...held, fifth]);
    expect(started).toBe(true);
  });

  it('slots of a process that died are free again once their lease expires; live leases are renewed', async () => {
    let now = 0;
    const store = memoryLimitStore(() => now);
    // A process takes both slots and dies (its acquire went through, its release never comes).
    const initial = { limit: 2, epoch: 0, ceiling: null, credit: 0, probeRounds: 2 };
    await store.acquire('k', 'dead-1', { ttlMs: 1000, initial, max: 2 });
    await store.acquire('k', 'dead-2', { ttlMs: 1000, initial, max: 2 });
    const limiter = new SharedLimiter({ store, key: 'k', policy: limiterPolicy(2), pollMs: 2, leaseMs: 1000 });
    let ran = false;
    const waiting = limiter.run(async () => void (ran = true));
    await sleep(20);
    expect(ran).toBe(false);
    now = 1001;
    await waiting;
    expect(ran).toBe(true);
  });

  it('a store that fails fails the request waiting for a slot, not the process', async () => {
    const store = { ...memoryLimitStore(), acquire: async () => Promise.reject(new Error('redis down')) };
    const limiter = new SharedLimiter({ store, key: 'k', policy: limiterPolicy(2), pollMs: 1 });
    await expect(limiter.run(async () => 1)).rejects.toThrow('redis down');
    await expect(limiter.run(async () => 1)).rejects.toThrow('redis down');
  });
});
