import { LlmHttpError } from '../errors/index.js';
import { overloadOf, type Limiter } from './adaptive.js';
import { failedAttemptsOf } from './client.js';
import type { ChatClient, FailedAttempt } from './types.js';

/** HTTP traffic through an adaptive client. */
export interface HttpCounters {
  /** HTTP attempts, retries included. */
  requests: number;
  /** 429 answers. */
  rateLimited: number;
}

export interface AdaptiveChatClientOptions {
  inner: ChatClient;
  limiter: Limiter;
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
  /**
   * Wait before re-queueing a 429 that came without Retry-After (LiteLLM's proxy sends none): full jitter over
   * `base x 2^retry` ms, capped at 10 s, so refused requests do not come back in step. Default base 100 ms.
   */
  backoffBaseMs?: number;
  /** Random in [0, 1); default Math.random. */
  random?: () => number;
}

/** Wait before the `retry`-th re-queue (0-based) of a call refused without Retry-After: full jitter (AWS, 2015). */
export function overloadBackoffMs(retry: number, baseMs: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(10_000, baseMs * 2 ** retry));
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
          const wait = overload.retryAfterMs ?? overloadBackoffMs(retry, options.backoffBaseMs ?? 100, options.random);
          await sleep(Math.min(wait, maxWait), call?.signal);
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
