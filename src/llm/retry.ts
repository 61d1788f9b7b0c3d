import { z } from 'zod';

/**
 * When and how long to wait before trying an LLM request again. Data plus pure functions (STYLE 9): the client
 * decides from status codes and error classes only, never from message text.
 */
export const RetryPolicySchema = z.object({
  maxRetries: z.number().int().min(0).default(3).describe('retries after the first attempt'),
  baseDelayMs: z.number().min(0).default(500).describe('backoff before the first retry, doubled each time'),
  maxDelayMs: z.number().min(0).default(8_000).describe('cap on the exponential backoff'),
  jitter: z.number().min(0).max(1).default(0.25).describe('fraction of the backoff removed at random'),
  maxRetryAfterMs: z
    .number()
    .min(0)
    .default(60_000)
    .describe('cap on a server Retry-After; openai-node >= 6.26 honours any value, so 3600 would stall an hour'),
  retryStatuses: z
    .array(z.number().int())
    .default([408, 409, 429])
    .describe('statuses below 500 that are retried; every 5xx is retried'),
  neverRetryStatuses: z
    .array(z.number().int())
    .default([400, 401, 403, 404, 422])
    .describe('statuses never retried, even if listed above'),
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = RetryPolicySchema.parse({});

/** Why an attempt failed, as far as retrying is concerned. */
export type FailureKind = 'http' | 'connection' | 'timeout' | 'length' | 'empty' | 'malformed';

/** Whether a failed attempt may be tried again (before counting attempts). */
export function isRetryable(kind: FailureKind, status: number | undefined, policy: RetryPolicy): boolean {
  if (kind !== 'http') return true;
  if (status === undefined) return true;
  if (policy.neverRetryStatuses.includes(status)) return false;
  return status >= 500 || policy.retryStatuses.includes(status);
}

/**
 * Milliseconds to wait before retry number `attempt` (1 = the first retry). A server's Retry-After wins over the
 * backoff (servers know their own queue) but is capped at `maxRetryAfterMs`; otherwise exponential backoff capped at
 * `maxDelayMs` with up to `jitter` of it removed, so that many clients retrying together spread out.
 * `random` returns [0, 1) — pass a fixed function in tests.
 */
export function retryDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0)
    return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const exp = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(exp, policy.maxDelayMs);
  return Math.round(capped * (1 - policy.jitter * random()));
}

/** Read-only view of response headers (fetch `Headers` fits). */
export interface HeaderLookup {
  get(name: string): string | null;
}

/**
 * The server's requested wait in ms: `retry-after-ms` (OpenAI, LiteLLM), else `retry-after` as seconds or an
 * HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: HeaderLookup | undefined, nowMs: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return undefined;
  if (Number.isFinite(Number(ra))) return Math.max(0, Number(ra) * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * The wait a LiteLLM 429 names in its message when every deployment is cooling down ("No deployments available
 * ... Try again in 60 seconds"), which historically came without a Retry-After header (LiteLLM #27823). Only a
 * hint for how long to wait on a 429 already being retried by status; never used to decide whether to retry.
 */
export function retryAfterFromText(text: string): number | undefined {
  const m = /try again in (\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?)?\b/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return /^m/i.test(m[2] ?? '') ? n : n * 1000;
}
