import OpenAI from 'openai';
import { LlmHttpError, LlmTimeoutError } from '../errors/index.js';
import { createChatBodyEncoder } from './body.js';
import { chatBody, type WireOptions } from './wire.js';
import { classifyError, short, type AttemptFailure } from './failure.js';
import { readAnswer, type ReadAnswer } from './response.js';
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelay, type RetryPolicy } from './retry.js';
import type { ChatCallOptions, ChatClient, ChatRequest, ChatResult, FailedAttempt } from './types.js';

export interface OpenAiChatClientOptions extends WireOptions {
  /** Endpoint root, e.g. `http://localhost:4000/v1` (LiteLLM) or `https://api.deepseek.com`. */
  baseUrl: string;
  /** From the environment only (see resolveEndpoint); null sends a placeholder for key-less local servers. */
  apiKey: string | null;
  /** Per attempt, covering headers AND body. Default 180 000. */
  timeoutMs?: number;
  /** Retries after the first attempt; overrides `retry.maxRetries`. Default 3. */
  maxRetries?: number;
  /** Total budget per call, retries and waits included. Default: none. */
  deadlineMs?: number;
  /** Backoff and which failures are retried; default DEFAULT_RETRY_POLICY. */
  retry?: Partial<RetryPolicy>;
  /**
   * Largest completion budget a `finish_reason: length` retry may ask for. Default 32 768: a labeling answer is a
   * few hundred tokens, so a budget past this is reasoning that will not converge and only costs.
   */
  maxTokensCap?: number;
  /** Injected fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Called before each wait, to record retries. */
  onRetry?: (info: FailedAttempt) => void;
  /** Jitter source, [0, 1). Default Math.random. */
  random?: () => number;
}

/**
 * A ChatClient over openai@6 with the SDK's retries off: our retry policy decides from status codes and error
 * classes, every attempt has its own AbortSignal timeout that also covers the body (the SDK's timeout stops at the
 * response headers — a server that sends headers and then stalls would otherwise hold the call forever), and a
 * total deadline bounds the whole call. An empty answer counts as a failed attempt and is retried. A truncated one
 * (finish_reason length: with reasoning models the budget usually went to reasoning, content empty) is retried ONCE
 * with the budget doubled (up to `maxTokensCap`), never at the same budget: that would fail the same way, billed in
 * full each time. When retries run out the last answer is returned as-is so the caller records it.
 */
export function createOpenAiChatClient(options: OpenAiChatClientOptions): ChatClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const maxRetries = options.maxRetries ?? policy.maxRetries;
  const timeoutMs = options.timeoutMs ?? 180_000;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const key = options.apiKey ?? '';
  const displayUrl = withoutCredentials(baseUrl);
  // Everything secret that could be echoed back in an error text: the key, and a password inside the base URL.
  const secrets = [key, urlPassword(baseUrl)].filter((s) => s.length >= 4);
  const redact = (text: string): string => secrets.reduce((t, secret) => t.split(secret).join('[redacted]'), text);
  const sdk = new OpenAI({
    baseURL: baseUrl,
    apiKey: key || 'no-key',
    maxRetries: 0,
    // Our AbortSignal fires first; the SDK timer is a backstop only.
    timeout: timeoutMs + 1_000,
    logLevel: 'off', // SDK debug logs print bodies
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const encoder = createChatBodyEncoder();
  const maxTokensCap = options.maxTokensCap ?? 32_768;

  async function attemptOnce(request: ChatRequest, budget: number, callSignal: AbortSignal): Promise<ReadAnswer | AttemptFailure> {
    // A controller rather than AbortSignal.timeout so the timer is cleared as soon as the attempt ends (thousands of
    // calls would otherwise leave 180 s timers pending).
    const attemptTimer = new AbortController();
    const timer = setTimeout(() => attemptTimer.abort(new Error(`attempt timeout ${timeoutMs} ms`)), timeoutMs);
    const { signal, unlink } = anySignal([callSignal, attemptTimer.signal]);
    try {
      const body = chatBody(request, options, budget);
      // What sdk.chat.completions.create does for a non-streaming call, with the body already encoded (see body.ts).
      const { data, response } = await sdk
        .post<unknown>('/chat/completions', {
          body: encoder.encode(body),
          headers: { 'content-type': 'application/json' },
          signal,
          maxRetries: 0,
        })
        .withResponse();
      const answer = readAnswer(data as unknown);
      if (!answer) {
        const raw = typeof data === 'string' ? data : JSON.stringify(data ?? null);
        return { kind: 'malformed', message: `not a chat completion: ${short(redact(raw))}` };
      }
      const reported = Number(response.headers.get('x-litellm-response-cost') ?? Number.NaN);
      return { ...answer, provider_cost_usd: Number.isFinite(reported) ? reported : null };
    } catch (err) {
      if (callSignal.aborted) throw err; // handled by the caller: deadline or cancellation
      return classifyError(err, { attemptTimedOut: attemptTimer.signal.aborted, timeoutMs, redact });
    } finally {
      clearTimeout(timer);
      unlink();
    }
  }

  async function complete(request: ChatRequest, callOptions: ChatCallOptions = {}): Promise<ChatResult> {
    const started = Date.now();
    const deadlineAt = options.deadlineMs !== undefined ? started + options.deadlineMs : Infinity;
    const deadline = new AbortController();
    const deadlineTimer =
      options.deadlineMs !== undefined ? setTimeout(() => deadline.abort(new Error('deadline')), options.deadlineMs) : undefined;
    const linked = callOptions.signal ? anySignal([callOptions.signal, deadline.signal]) : { signal: deadline.signal, unlink: () => undefined };
    try {
      return await attemptLoop(request, callOptions, linked.signal, started, deadlineAt);
    } finally {
      clearTimeout(deadlineTimer);
      linked.unlink();
    }
  }

  async function attemptLoop(
    request: ChatRequest,
    callOptions: ChatCallOptions,
    callSignal: AbortSignal,
    started: number,
    deadlineAt: number,
  ): Promise<ChatResult> {
    const failed: FailedAttempt[] = [];
    let budget = request.max_tokens;
    let escalated = false;
    const where = `${displayUrl} model ${request.model}`;
    const deadlineError = (attempts: number, cause?: unknown): LlmTimeoutError =>
      withAttempts(
        new LlmTimeoutError(`${where}: no answer within the ${options.deadlineMs} ms deadline (${attempts} attempt(s))`, {}, { cause }),
        failed,
      );

    for (let attempt = 1; ; attempt++) {
      let outcome: ReadAnswer | AttemptFailure;
      try {
        outcome = await attemptOnce(request, budget, callSignal);
      } catch (err) {
        if (callOptions.signal?.aborted) throw callOptions.signal.reason;
        if (callSignal.aborted) throw deadlineError(attempt, err);
        throw err; // not an HTTP/transport failure: a bug, not something to retry
      }
      const result = (answer: ReadAnswer): ChatResult => ({
        ...answer,
        ...(budget !== request.max_tokens ? { max_tokens: budget } : {}),
        attempts: attempt,
        latency_ms: Date.now() - started,
        cache_hit: false,
        failed_attempts: failed,
      });
      let failure: AttemptFailure;
      if (!('kind' in outcome)) {
        if (outcome.finish_reason === 'length') {
          const reasoning = outcome.usage.reasoning_tokens ? `, ${outcome.usage.reasoning_tokens} reasoning tokens` : '';
          const next = Math.min(budget * 2, maxTokensCap);
          const grow = !escalated && next > budget && attempt <= maxRetries;
          const message = `answer truncated at max_tokens ${budget} (finish_reason length${reasoning})${grow ? `; retrying once with ${next}` : ''}`;
          failed.push({ attempt, kind: 'length', message, delay_ms: 0, max_tokens: budget });
          if (!grow) return result(outcome);
          options.onRetry?.(failed[failed.length - 1] as FailedAttempt);
          budget = next;
          escalated = true;
          continue;
        } else if (!outcome.content.trim() && outcome.finish_reason !== 'content_filter')
          failure = { kind: 'empty', message: `empty content (finish_reason ${outcome.finish_reason ?? 'none'})` };
        else return result(outcome);
        if (attempt > maxRetries) {
          failed.push({ attempt, kind: failure.kind, message: failure.message, delay_ms: 0 });
          return result(outcome);
        }
      } else failure = outcome;

      const retry = attempt <= maxRetries && isRetryable(failure.kind, failure.status, policy);
      const delay = retry ? retryDelay(attempt, policy, failure.retryAfterMs, options.random) : 0;
      const record: FailedAttempt = {
        attempt,
        kind: failure.kind,
        ...(failure.status !== undefined ? { status: failure.status } : {}),
        message: failure.message,
        delay_ms: delay,
      };
      failed.push(record);
      if (!retry) throw withAttempts(finalError(failure, where, attempt), failed);
      if (Date.now() + delay >= deadlineAt) throw deadlineError(attempt, finalError(failure, where, attempt));
      options.onRetry?.(record);
      try {
        await sleep(delay, callSignal);
      } catch {
        if (callOptions.signal?.aborted) throw callOptions.signal.reason;
        throw deadlineError(attempt, finalError(failure, where, attempt));
      }
    }
  }

  return { endpoint: baseUrl, complete };
}

/**
 * The failed attempts of a call that threw (the client attaches them to its LlmHttpError / LlmTimeoutError), so the
 * monitor can record attempts and reasons of failed calls too. Empty for any other error.
 */
export function failedAttemptsOf(err: unknown): FailedAttempt[] {
  const list = (err as { failedAttempts?: unknown } | null)?.failedAttempts;
  return Array.isArray(list) ? (list as FailedAttempt[]) : [];
}

function withAttempts<E extends Error>(err: E, failed: FailedAttempt[]): E {
  Object.defineProperty(err, 'failedAttempts', { value: [...failed], enumerable: false });
  return err;
}

function urlPassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/** The base URL for messages, without any `user:password@` part. */
function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return url;
  }
}

/** The typed error for the last failure of a call. */
function finalError(failure: AttemptFailure, where: string, attempts: number): LlmHttpError | LlmTimeoutError {
  const message = `${where}: ${failure.message} (after ${attempts} attempt(s))`;
  const cause = failure.cause !== undefined ? { cause: failure.cause } : {};
  if (failure.kind === 'timeout') return new LlmTimeoutError(message, {}, cause);
  return new LlmHttpError(message, failure.status, failure.retryAfterMs, {}, {
    ...cause,
    ...(failure.providerMessage !== undefined ? { providerMessage: failure.providerMessage } : {}),
    // By status and class under the default policy, whatever this client retried itself (a limiter above it
    // handles 429): a caller deciding "doomed configuration" needs what the failure is, not who retries it.
    retryable: isRetryable(failure.kind, failure.status, DEFAULT_RETRY_POLICY),
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * AbortSignal.any without its leak: on Node 20 every composite signal stays reachable from its sources (about 1 KB
 * per call: 200,000 calls kept 240 MB alive), so a long labeling run grew without bound. Aborts when any source does;
 * `unlink` removes the listeners once the call is over.
 */
function anySignal(sources: AbortSignal[]): { signal: AbortSignal; unlink: () => void } {
  const controller = new AbortController();
  const onAbort = (event: Event): void => controller.abort((event.target as AbortSignal).reason);
  const unlink = (): void => {
    for (const s of sources) s.removeEventListener('abort', onAbort);
  };
  for (const s of sources) {
    if (s.aborted) {
      controller.abort(s.reason);
      return { signal: controller.signal, unlink };
    }
    s.addEventListener('abort', onAbort, { once: true });
  }
  return { signal: controller.signal, unlink };
}
