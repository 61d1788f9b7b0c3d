import { randomUUID } from 'node:crypto';
import {
  initialLimiterState,
  nextLimiterState,
  overloadOf,
  type Limiter,
  type LimiterEvent,
  type LimiterOptions,
  type LimiterSnapshot,
  type LimiterState,
  type Overload,
} from '../llm/index.js';
import type { SharedLimitStore } from './store.js';

export interface SharedLimiterOptions extends Omit<LimiterOptions, 'now' | 'schedule'> {
  store: SharedLimitStore;
  /** The endpoint (and model) this limit is for, as the store keys it. */
  key: string;
  /** Life of a slot's lease: a crashed process's slots are free again after it. Renewed every third. Default 30 000. */
  leaseMs?: number;
  /** Wait before asking again while every slot is taken, plus up to as much at random. Default 10 ms. */
  pollMs?: number;
}

/**
 * The adaptive limiter of limiter-state.ts with its slots and its state in a store shared by every process (Redis):
 * N shards together keep at most floor(limit) requests in flight, learn one ceiling, and a 429 seen by one cuts
 * the limit of all. `policy.max` is then the budget of all processes together. Local queue: FIFO, as AdaptiveLimiter.
 * A Retry-After is waited by the refused request alone (overloadWithoutPause is what `label` and `run` use).
 */
export class SharedLimiter implements Limiter {
  private state: LimiterState;
  private readonly initial: LimiterState;
  private readonly queue: Array<{ admit: (slot: Slot) => void; fail: (err: unknown) => void }> = [];
  private readonly leases = new Set<string>();
  private readonly counts = { successes: 0, failures: 0, overloads: 0, rateLimited: 0 };
  private readonly classify: (err: unknown) => Overload | null;
  private readonly leaseMs: number;
  private asking = false;
  private learning = false;
  private readonly lessons: LimiterEvent[] = [];
  private pollTimer: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SharedLimiterOptions) {
    this.initial = initialLimiterState(options.policy);
    this.state = this.initial;
    this.classify = options.classify ?? overloadOf;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const slot = await new Promise<Slot>((admit, fail) => {
      this.queue.push({ admit, fail });
      this.pump();
    });
    try {
      const value = await fn();
      this.counts.successes++;
      this.learn({ kind: 'success', inFlight: slot.inFlight, queued: this.queue.length });
      return value;
    } catch (err) {
      this.counts.failures++;
      const overload = this.classify(err);
      if (overload) {
        this.counts.overloads++;
        if (overload.status === 429) this.counts.rateLimited++;
        this.learn({ kind: 'overload', startedEpoch: slot.epoch, inFlight: slot.inFlight });
      }
      throw err;
    } finally {
      this.leases.delete(slot.lease);
      // Sent before the next acquire on the same connection, so Redis frees the slot first. A lost release only
      // holds the slot until its lease expires.
      this.options.store.release(this.options.key, slot.lease).catch(() => undefined);
      if (!this.leases.size) this.stopRefresh();
      // Our own slot is free: ask at once rather than at the next poll.
      if (this.pollTimer) clearTimeout(this.pollTimer);
      this.pollTimer = null;
      this.pump();
    }
  }

  snapshot(): LimiterSnapshot {
    return {
      limit: Math.floor(this.state.limit),
      inFlight: this.leases.size,
      queued: this.queue.length,
      ...this.counts,
      pausedUntil: 0,
      ceiling: this.state.ceiling,
    };
  }

  /**
   * Apply outcomes to the shared state. One update at a time per process, carrying every outcome that finished
   * meanwhile: compare-and-set then only races the other processes, not this one's own answers. A failed update
   * loses those lessons, never a request.
   */
  private learn(event: LimiterEvent): void {
    this.lessons.push(event);
    this.flushLessons();
  }

  private flushLessons(): void {
    if (this.learning || !this.lessons.length) return;
    const { store, key, policy } = this.options;
    const events = this.lessons.splice(0);
    this.learning = true;
    store
      .update(key, (s) => events.reduce((acc, e) => nextLimiterState(acc, e, policy), s), this.initial)
      .then(
        (s) => void (this.state = s),
        () => undefined,
      )
      .finally(() => {
        this.learning = false;
        this.flushLessons();
      });
  }

  /** One acquire at a time: the head of the queue asks the store; while every slot is taken, ask again shortly. */
  private pump(): void {
    if (this.asking || this.pollTimer || !this.queue.length || this.leases.size >= this.options.policy.max) return;
    this.asking = true;
    const lease = randomUUID();
    this.options.store.acquire(this.options.key, lease, { ttlMs: this.leaseMs, initial: this.initial, max: this.options.policy.max }).then(
      ({ granted, inFlight, state }) => {
        this.asking = false;
        this.state = state;
        if (!granted) return this.poll();
        const head = this.queue.shift();
        this.leases.add(lease);
        this.startRefresh();
        if (head) head.admit({ lease, inFlight, epoch: state.epoch });
        else this.options.store.release(this.options.key, lease).catch(() => undefined);
        this.pump();
      },
      (err: unknown) => {
        this.asking = false;
        // The store is unreachable: fail the waiting request (its sample is retried on resume), try the next later.
        this.queue.shift()?.fail(err);
        if (this.queue.length) this.poll();
      },
    );
  }

  private poll(): void {
    const ms = (this.options.pollMs ?? 10) * (1 + Math.random());
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.pump();
    }, ms);
  }

  private startRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setInterval(() => {
      this.options.store.refresh(this.options.key, [...this.leases], this.leaseMs).catch(() => undefined);
    }, this.leaseMs / 3);
    this.refreshTimer.unref();
  }

  private stopRefresh(): void {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.refreshTimer = null;
  }
}

interface Slot {
  lease: string;
  /** Requests in flight over every process when this one was admitted, itself included. */
  inFlight: number;
  epoch: number;
}
