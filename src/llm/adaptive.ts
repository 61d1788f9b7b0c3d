import { LlmHttpError } from '../errors/index.js';
import { failedAttemptsOf } from './client.js';
import type { ChatClient, FailedAttempt } from './types.js';
import { initialLimiterState, nextLimiterState, type LimiterPolicy, type LimiterState } from './limiter-state.js';

/**
 * Adaptive concurrency per endpoint (the rules are in limiter-state.ts): at most floor(limit) requests in flight,
 * FIFO, the limit learned from the endpoint's answers between 1 and `--concurrency`. A Retry-After may pause every
 * new request to the endpoint, not just the one that got it (see overloadWithoutPause for when not to).
 */
export {
  initialLimiterState,
  limiterPolicy,
  nextLimiterState,
  type LimiterEvent,
  type LimiterPolicy,
  type LimiterState,
} from './limiter-state.js';

/** What a failure means for the endpoint. */
export interface Overload {
  /** HTTP status when known (429 counted apart). */
  status?: number;
  retryAfterMs?: number;
}

/** Default: HTTP 429 (rate limited), 503 (unavailable) and 529 (Anthropic "overloaded") are overload. */
export function overloadOf(err: unknown): Overload | null {
  if (err instanceof LlmHttpError && (err.status === 429 || err.status === 503 || err.status === 529)) {
    return { status: err.status, retryAfterMs: err.retryAfterMs };
  }
  return null;
}

export interface LimiterSnapshot {
  limit: number;
  inFlight: number;
  queued: number;
  successes: number;
  failures: number;
  /** Overload answers of any kind (429, 503, 529). */
  overloads: number;
  /** HTTP 429 answers. */
  rateLimited: number;
  /** Epoch ms until which new requests wait, or 0. */
  pausedUntil: number;
  /** Most requests in flight known to work (over every process when shared); null before the first overload. */
  ceiling?: number | null;
}

/** What an adaptive chat client needs of a limiter: the in-process one or the one shared through Redis. */
export interface Limiter {
  /** Run `fn` when a slot is free; its failure is classified (overload cuts the limit) and rethrown. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  snapshot(): LimiterSnapshot;
}

export interface LimiterOptions {
  policy: LimiterPolicy;
  /** Classify a failure; default overloadOf. */
  classify?: (err: unknown) => Overload | null;
  /** Clock in ms; default Date.now. */
  now?: () => number;
  /** Run `fn` after `ms`; default setTimeout. Injected so tests drive pauses without waiting. */
  schedule?: (fn: () => void, ms: number) => void;
}

/** The stateful half: a FIFO queue of tasks admitted while in-flight < floor(limit) and no pause is running. */
export class AdaptiveLimiter implements Limiter {
  private state: LimiterState;
  private readonly queue: Array<(inFlight: number) => void> = [];
  private inFlight = 0;
  private pausedUntil = 0;
  private wakeScheduled = false;
  private readonly counts = { successes: 0, failures: 0, overloads: 0, rateLimited: 0 };
  private readonly classify: (err: unknown) => Overload | null;
  private readonly now: () => number;
  private readonly schedule: (fn: () => void, ms: number) => void;

  constructor(private readonly options: LimiterOptions) {
    this.state = initialLimiterState(options.policy);
    this.classify = options.classify ?? overloadOf;
    this.now = options.now ?? Date.now;
    this.schedule = options.schedule ?? ((fn, ms) => void setTimeout(fn, ms));
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const inFlight = await this.acquire();
    const startedEpoch = this.state.epoch;
    try {
      const value = await fn();
      this.counts.successes++;
      this.state = nextLimiterState(this.state, { kind: 'success', inFlight, queued: this.queue.length }, this.options.policy);
      return value;
    } catch (err) {
      this.counts.failures++;
      const overload = this.classify(err);
      if (overload) this.overloaded(overload, startedEpoch, inFlight);
      throw err;
    } finally {
      this.inFlight--;
      this.pump();
    }
  }

  /** Current epoch; a client that retries inside one `run` records it before each attempt. */
  get epoch(): number {
    return this.state.epoch;
  }

  /**
   * Report an overload seen outside `run` (a client that retries inside one `run`). Pass the epoch recorded when
   * the failed attempt was sent, so a burst cuts once (without it the report always cuts), and the requests in
   * flight then (default: one more than the limit, i.e. a refusal just above it). Honours Retry-After.
   */
  reportOverload(overload: Overload, startedEpoch: number = this.state.epoch, inFlight: number = Math.floor(this.state.limit) + 1): void {
    this.overloaded(overload, startedEpoch, inFlight);
    this.pump();
  }

  snapshot(): LimiterSnapshot {
    return {
      limit: Math.floor(this.state.limit),
      inFlight: this.inFlight,
      queued: this.queue.length,
      ...this.counts,
      pausedUntil: this.pausedUntil,
      ceiling: this.state.ceiling,
    };
  }

  private overloaded(overload: Overload, startedEpoch: number, inFlight: number): void {
    this.counts.overloads++;
    if (overload.status === 429) this.counts.rateLimited++;
    this.state = nextLimiterState(this.state, { kind: 'overload', startedEpoch, inFlight }, this.options.policy);
    if (overload.retryAfterMs !== undefined && overload.retryAfterMs > 0) {
      const until = this.now() + Math.min(overload.retryAfterMs, this.options.policy.maxPauseMs);
      this.pausedUntil = Math.max(this.pausedUntil, until);
    }
  }

  /** Resolves with the requests in flight once this one is admitted, itself included. */
  private acquire(): Promise<number> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.pump();
    });
  }

  /** Admit queued tasks while there is room; during a pause, wake up when it ends. */
  private pump(): void {
    const wait = this.pausedUntil - this.now();
    if (wait > 0) {
      if (!this.wakeScheduled && this.queue.length) {
        this.wakeScheduled = true;
        this.schedule(() => {
          this.wakeScheduled = false;
          this.pump();
        }, wait);
      }
      return;
    }
    while (this.queue.length && this.inFlight < Math.floor(this.state.limit)) this.queue.shift()?.(++this.inFlight);
  }
}

/** Builds the limiter of one endpoint (and model); the default builds an AdaptiveLimiter. */
export type LimiterFactory = (key: { endpoint: string; model?: string }) => Limiter;

export interface LimiterPoolOptions extends LimiterOptions {
  /** Another kind of limiter, e.g. one shared through Redis (shared-limiter.ts). */
  factory?: LimiterFactory;
}

/** One limiter per endpoint (and model, when given), created on first use with the same policy. */
export class LimiterPool {
  private readonly limiters = new Map<string, Limiter>();
  constructor(private readonly options: LimiterPoolOptions) {}

  for(endpoint: string, model?: string): Limiter {
    const key = model === undefined ? endpoint : `${endpoint} ${model}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = this.options.factory ? this.options.factory({ endpoint, ...(model !== undefined ? { model } : {}) }) : new AdaptiveLimiter(this.options);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }

  /** Snapshot per endpoint, for progress lines and run.json. */
  snapshot(): Record<string, LimiterSnapshot> {
    return Object.fromEntries([...this.limiters].map(([endpoint, l]) => [endpoint, l.snapshot()]));
  }
}

/**
 * Overload as the runner's and `label`'s limiters see it: the cut without the endpoint-wide pause. A server that caps
 * requests in flight answers 429 + Retry-After to the one request too many; pausing every request for that long would
 * idle the capacity it still has (measured in bench/runner-429: 2.7x the ideal time with the pause, see the runner
 * README). The request that got the 429 waits its Retry-After itself (createAdaptiveChatClient), and the cut limit
 * slows the rest.
 */
export function overloadWithoutPause(err: unknown): Overload | null {
  const o = overloadOf(err);
  return o ? { ...(o.status !== undefined ? { status: o.status } : {}) } : null;
}
