import type { LimiterState } from '../llm/index.js';

/**
 * What a limit shared by several processes keeps in a common place (Redis: redis-store.ts): leases on request slots
 * and the learned limiter state. Every method is one atomic step on the server; the state transitions themselves
 * are the pure nextLimiterState, applied by compare-and-set.
 */
export interface SharedLimitStore {
  /**
   * Take a slot when fewer than floor(state.limit) leases are live, dropping expired leases first (a crashed process
   * holds its slots for `ttlMs` at most). The state is read in the same step; `initial` is stored when there is none.
   * At most `max` slots whatever the state says (a state learned by a run with a higher `--concurrency`).
   */
  acquire(key: string, lease: string, options: { ttlMs: number; initial: LimiterState; max: number }): Promise<Acquired>;
  release(key: string, lease: string): Promise<void>;
  /** Extend the live leases of this process by `ttlMs` from now. */
  refresh(key: string, leases: readonly string[], ttlMs: number): Promise<void>;
  /** Apply `next` to the stored state atomically (compare-and-set, retried on a concurrent write); the new state. */
  update(key: string, next: (state: LimiterState) => LimiterState, initial: LimiterState): Promise<LimiterState>;
  close(): Promise<void>;
}

export interface Acquired {
  granted: boolean;
  /** Live leases after this call, the new one included when granted (over every process). */
  inFlight: number;
  state: LimiterState;
}
