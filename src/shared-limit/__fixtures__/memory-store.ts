import type { LimiterState } from '../../llm/index.js';
import type { Acquired, SharedLimitStore } from '../store.js';

/** The SharedLimitStore contract in memory (what the Lua scripts of redis-store.ts do), with a clock for tests. */
export function memoryLimitStore(now: () => number = Date.now): SharedLimitStore & { leases(key: string): number; state(key: string): LimiterState | undefined } {
  const leases = new Map<string, Map<string, number>>();
  const states = new Map<string, LimiterState>();
  const live = (key: string): Map<string, number> => {
    const m = leases.get(key) ?? new Map<string, number>();
    leases.set(key, m);
    for (const [id, until] of m) if (until <= now()) m.delete(id);
    return m;
  };
  return {
    async acquire(key, lease, { ttlMs, initial, max }): Promise<Acquired> {
      const m = live(key);
      const state = states.get(key) ?? initial;
      states.set(key, state);
      if (m.size >= Math.min(max, Math.floor(state.limit))) return { granted: false, inFlight: m.size, state };
      m.set(lease, now() + ttlMs);
      return { granted: true, inFlight: m.size, state };
    },
    async release(key, lease) {
      leases.get(key)?.delete(lease);
    },
    async refresh(key, ids, ttlMs) {
      const m = live(key);
      for (const id of ids) if (m.has(id)) m.set(id, now() + ttlMs);
    },
    async update(key, next, initial) {
      const state = next(states.get(key) ?? initial);
      states.set(key, state);
      return state;
    },
    async close() {},
    leases: (key) => live(key).size,
    state: (key) => states.get(key),
  };
}
