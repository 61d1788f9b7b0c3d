import { LlmHttpError } from '../errors/index.js';
import { failedAttemptsOf } from './client.js';
import type { ChatClient, FailedAttempt } from './types.js';

/**
 * Adaptive concurrency per endpoint, AIMD as in TCP congestion control (RFC 5681): the limit grows by about one
 * per round of successes (additive) and is cut by a factor on overload (multiplicative), between 1 and the
 * user's `--concurrency`. A Retry-After pauses every new request to the endpoint, not just the one that got it.
 */

export interface LimiterPolicy {
  /** Ceiling: `--concurrency`. */
  max: number;
  /** Floor; default 1. */
  min: number;
  /** Limit before any feedback; default `max` (start optimistic, the first 429s cut it fast). */
  initial: number;
  /** Multiplicative cut on overload; default 0.5. */
  decrease: number;
  /** Additive growth per round of successes (a round = `limit` successes); default 1. */
  increase: number;
  /** Longest Retry-After pause honoured, in ms; default 120 000 (PROVIDERS.md: an uncapped 3600 s stalls a run). */
  maxPauseMs: number;
}

export function limiterPolicy(max: number, overrides: Partial<Omit<LimiterPolicy, 'max'>> = {}): LimiterPolicy {
  const top = Math.max(1, Math.floor(max));
  return { max: top, min: 1, initial: top, decrease: 0.5, increase: 1, maxPauseMs: 120_000, ...overrides };
}

export interface LimiterState {
  /** Fractional limit; requests in flight may reach floor(limit). */
  limit: number;
  /** Bumped by every cut. A task remembers the epoch it started in. */
  epoch: number;
}

export type LimiterEvent = { kind: 'success' } | { kind: 'overload'; startedEpoch: number };

/**
 * The next state after one finished request. Pure.
 * A burst of 429s from requests that were all sent under the old limit cuts the limit once, not once per 429:
 * only an overload of a request started in the current epoch cuts (the same rule TCP uses once per window).
 */
export function nextLimiterState(state: LimiterState, event: LimiterEvent, policy: LimiterPolicy): LimiterState {
  if (event.kind === 'success') {
    return { ...state, limit: Math.min(policy.max, state.limit + policy.increase / Math.max(1, state.limit)) };
  }
  if (event.startedEpoch !== state.epoch) return state;
  return { limit: Math.max(policy.min, state.limit * policy.decrease), epoch: state.epoch + 1 };
}

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
export class AdaptiveLimiter {
  private state: LimiterState;
  private readonly queue: Array<() => void> = [];
  private inFlight = 0;
  private pausedUntil = 0;
  private wakeScheduled = false;
  private readonly counts = { successes: 0, failures: 0, overloads: 0, rateLimited: 0 };
  private readonly classify: (err: unknown) => Overload | null;
  private readonly now: () => number;
  private readonly schedule: (fn: () => void, ms: number) => void;

  constructor(private readonly options: LimiterOptions) {
    const { policy } = options;
    this.state = { limit: Math.min(policy.max, Math.max(policy.min, policy.initial)), epoch: 0 };
    this.classify = options.classify ?? overloadOf;
    this.now = options.now ?? Date.now;
    this.schedule = options.schedule ?? ((fn, ms) => void setTimeout(fn, ms));
  }

  /** Run `fn` when a slot is free; its failure is classified (overload cuts the limit) and rethrown. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    const startedEpoch = this.state.epoch;
    try {
      const value = await fn();
      this.counts.successes++;
      this.state = nextLimiterState(this.state, { kind: 'success' }, this.options.policy);
      return value;
    } catch (err) {
      this.counts.failures++;
      const overload = this.classify(err);
      if (overload) this.overloaded(overload, startedEpoch);
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
   * the failed attempt was sent, so a burst cuts once; without it the report always cuts. Honours Retry-After.
   */
  reportOverload(overload: Overload, startedEpoch: number = this.state.epoch): void {
    this.overloaded(overload, startedEpoch);
    this.pump();
  }

  snapshot(): LimiterSnapshot {
    return { limit: Math.floor(this.state.limit), inFlight: this.inFlight, queued: this.queue.length, ...this.counts, pausedUntil: this.pausedUntil };
  }

  private overloaded(overload: Overload, startedEpoch: number): void {
    this.counts.overloads++;
    if (overload.status === 429) this.counts.rateLimited++;
    this.state = nextLimiterState(this.state, { kind: 'overload', startedEpoch }, this.options.policy);
    if (overload.retryAfterMs !== undefined && overload.retryAfterMs > 0) {
      const until = this.now() + Math.min(overload.retryAfterMs, this.options.policy.maxPauseMs);
      this.pausedUntil = Math.max(this.pausedUntil, until);
    }
  }

  private acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(() => {
        this.inFlight++;
        resolve();
      });
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
    while (this.queue.length && this.inFlight < Math.floor(this.state.limit)) this.queue.shift()?.();
  }
}

/** One limiter per endpoint, created on first use with the same policy. */
export class LimiterPool {
  private readonly limiters = new Map<string, AdaptiveLimiter>();
  constructor(private readonly options: LimiterOptions) {}

  for(endpoint: string): AdaptiveLimiter {
    let limiter = this.limiters.get(endpoint);
    if (!limiter) {
      limiter = new AdaptiveLimiter(this.options);
      this.limiters.set(endpoint, limiter);
    }
    return limiter;
  }

  /** Snapshot per endpoint, for progress lines and run.json. */
  snapshot(): Record<string, LimiterSnapshot> {
    return Object.fromEntries([...this.limiters].map(([endpoint, l]) => [endpoint, l.snapshot()]));
  }
}

/** HTTP traffic through an adaptive client. */
export interface HttpCounters {
  /** HTTP attempts, retries included. */
  requests: number;
  /** 429 answers. */
  rateLimited: number;
}

export interface AdaptiveChatClientOptions {
  inner: ChatClient;
  limiter: AdaptiveLimiter;
  counters: HttpCounters;
  /**
   * Times a call told to come back later (a 429, or a 503/529 with Retry-After, after the HTTP client's own retries)
   * goes back into the limiter's queue, after waiting the Retry-After it got. The limiter has by then cut its limit.
   * A 503/529 without Retry-After is not re-queued: the HTTP client already retried it with backoff, and re-queueing
   * would hammer an endpoint that is down. Default 20.
   */
  maxOverloadRetries?: number;
  /** Longest Retry-After waited, ms. Default 60 000 (an uncapped 3600 s would stall the run). */
  maxRetryAfterMs?: number;
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

/** Every call through the endpoint's adaptive limiter; a rate-limited call waits its Retry-After and queues again. */
export function createAdaptiveChatClient(options: AdaptiveChatClientOptions): ChatClient {
  const { inner, limiter, counters } = options;
  const maxRetries = options.maxOverloadRetries ?? 20;
  const maxWait = options.maxRetryAfterMs ?? 60_000;
  const count = (attempts: number, failed: readonly FailedAttempt[]): void => {
    counters.requests += attempts;
    counters.rateLimited += failed.filter((f) => f.status === 429).length;
  };
  return {
    endpoint: inner.endpoint,
    async complete(request, call) {
      for (let retry = 0; ; retry++) {
        try {
          const result = await limiter.run(() => inner.complete(request, call));
          count(result.attempts, result.failed_attempts ?? []);
          return result;
        } catch (err) {
          // The HTTP client lists every failed attempt, the last one included; any other thrower made one.
          const failed = failedAttemptsOf(err);
          if (failed.length) count(failed.length, failed);
          else count(1, err instanceof LlmHttpError ? [{ attempt: 1, kind: 'http', status: err.status, message: '', delay_ms: 0 }] : []);
          const overload = overloadOf(err);
          const comeBack = overload !== null && (overload.status === 429 || overload.retryAfterMs !== undefined);
          if (!comeBack || retry >= maxRetries || call?.signal?.aborted) throw err;
          await sleep(Math.min(overload.retryAfterMs ?? 0, maxWait), call?.signal);
        }
      }
    },
  };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
