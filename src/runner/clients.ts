import type { AsyncLocalStorage } from 'node:async_hooks';
import { CacheMissError, LlmHttpError } from '../errors/index.js';
import { failedAttemptsOf, type ChatClient, type ChatRequest, type FailedAttempt } from '../llm/index.js';
import { overloadOf, type AdaptiveLimiter, type Overload } from './limiter.js';

/**
 * The client stack of one configuration, innermost first:
 *   HTTP (429 not retried inside) -> limited (one adaptive limiter per endpoint; re-queues overloaded calls)
 *   -> caching (shared cache; hits never take a limiter slot) -> scoped (repeat index, description of the call).
 */

/** The sample a call is made for; set around each sample's labeling with AsyncLocalStorage. */
export interface SampleScope {
  config: string;
  id: string;
  sampleIndex: number;
  /** Set when a read-only cache lacked one of the sample's calls: the sample is then not written. */
  cacheMiss: boolean;
}

/** HTTP traffic of one configuration in this run. */
export interface HttpCounters {
  /** HTTP attempts, retries included. */
  requests: number;
  /** 429 answers. */
  rateLimited: number;
}

export interface LimitedClientOptions {
  inner: ChatClient;
  limiter: AdaptiveLimiter;
  counters: HttpCounters;
  /**
   * Times an overloaded call (429/503/529 after the HTTP client's own retries) goes back into the limiter's queue,
   * after waiting the Retry-After it got. The limiter has by then cut its limit. Default 20.
   */
  maxOverloadRetries?: number;
  /** Longest Retry-After waited, ms. Default 60 000 (an uncapped 3600 s would stall the run). */
  maxRetryAfterMs?: number;
}

/**
 * Overload as the runner's limiters see it: the cut without the endpoint-wide pause. A server that caps requests in
 * flight answers 429 + Retry-After to the one request too many; pausing every request for that long would idle the
 * capacity it still has (measured in bench/runner-429: 2.7x the ideal time with the pause, see the runner README).
 * The request that got the 429 waits its Retry-After itself (limitedClient), and the halved limit slows the rest.
 */
export function overloadWithoutPause(err: unknown): Overload | null {
  const o = overloadOf(err);
  return o ? { ...(o.status !== undefined ? { status: o.status } : {}) } : null;
}

/** Every call through the endpoint's adaptive limiter; an overloaded call waits its Retry-After and queues again. */
export function limitedClient(options: LimitedClientOptions): ChatClient {
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
          if (!overload || retry >= maxRetries || call?.signal?.aborted) throw err;
          await sleep(Math.min(overload.retryAfterMs ?? 0, maxWait), call?.signal);
        }
      }
    },
  };
}

/**
 * Gives each request the sample's repeat index (folded into sample_index, so repeat 0 keys exactly as a run without
 * repeats and arbitration re-asks stay apart) and a description naming configuration, sample and call, which a
 * read-only cache miss reports.
 */
export function scopedClient(inner: ChatClient, scope: AsyncLocalStorage<SampleScope>): ChatClient {
  return {
    endpoint: inner.endpoint,
    async complete(request, call) {
      const s = scope.getStore();
      if (!s) return inner.complete(request, call);
      const own = request.sample_index ?? 0;
      const scoped: ChatRequest = { ...request, sample_index: s.sampleIndex * REPEAT_STRIDE + own };
      const repeat = s.sampleIndex ? ` repeat ${s.sampleIndex}` : '';
      const describe = `config ${s.config}, sample ${s.id}${repeat}, ${callName(request)}`;
      try {
        return await inner.complete(scoped, { ...call, describe });
      } catch (err) {
        if (err instanceof CacheMissError) s.cacheMiss = true;
        throw err;
      }
    },
  };
}

/** sample_index = repeat x stride + the pipeline's own index (arbitration re-asks use 1..k, k far below this). */
export const REPEAT_STRIDE = 1000;

/**
 * Which pipeline call a request is, for messages: the json_schema name (`sft_label_call1`), else the call whose
 * first dimension the prompt's schema names; a repair carries the bad answer as an assistant turn; arbitration
 * re-asks have a sample_index.
 */
export function callName(request: ChatRequest): string {
  const rf = request.response_format;
  let name = rf.type === 'json_schema' ? rf.json_schema.name.replace(/^sft_label_/, '') : null;
  if (!name) {
    const text = request.messages.map((m) => m.content).join('\n');
    const schema = /<<<SCHEMA([\s\S]*?)SCHEMA>>>/.exec(text)?.[1] ?? '';
    name = /"intent"/.test(schema) ? 'call1' : /"concept"/.test(schema) ? 'call2' : 'call';
  }
  if (request.messages.some((m) => m.role === 'assistant')) name = `repair:${name}`;
  if (request.sample_index) name = `arbitration re-ask #${request.sample_index} of ${name}`;
  return name;
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
