import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, RetryPolicySchema, isRetryable, parseRetryAfter, retryAfterFromText, retryDelay } from './retry.js';

const policy = RetryPolicySchema.parse({ baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.5, maxRetryAfterMs: 5000 });
const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] ?? null });

describe('retryDelay', () => {
  it('doubles from the base delay and caps it', () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 5, 6].map((a) => retryDelay(a, policy, undefined, none))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it('removes up to `jitter` of the backoff at random', () => {
    expect(retryDelay(2, policy, undefined, () => 0.999999)).toBe(100);
    expect(retryDelay(2, policy, undefined, () => 0.5)).toBe(150);
  });
  it('honours Retry-After over the backoff, capped', () => {
    expect(retryDelay(1, policy, 2500, () => 0.5)).toBe(2500);
    expect(retryDelay(1, policy, 3_600_000, () => 0.5)).toBe(5000);
    expect(retryDelay(1, policy, 0, () => 0.5)).toBe(0);
  });
  it('ignores a nonsensical Retry-After', () => {
    expect(retryDelay(1, policy, Number.NaN, () => 0)).toBe(100);
    expect(retryDelay(1, policy, -5, () => 0)).toBe(100);
  });
  it('has documented defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({ maxRetries: 3, maxRetryAfterMs: 60_000 });
  });
});

describe('isRetryable', () => {
  it('retries 408/409/429/5xx and never 400/401/403/404/422', () => {
    for (const s of [408, 409, 429, 500, 502, 503, 504]) expect(isRetryable('http', s, DEFAULT_RETRY_POLICY)).toBe(true);
    for (const s of [400, 401, 403, 404, 422, 418]) expect(isRetryable('http', s, DEFAULT_RETRY_POLICY)).toBe(false);
  });
  it('retries connection errors, timeouts, truncated, empty and malformed answers', () => {
    for (const k of ['connection', 'timeout', 'length', 'empty', 'malformed'] as const)
      expect(isRetryable(k, undefined, DEFAULT_RETRY_POLICY)).toBe(true);
  });
  it('lets the never-list win over the retry-list', () => {
    const p = RetryPolicySchema.parse({ retryStatuses: [400, 429] });
    expect(isRetryable('http', 400, p)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads retry-after-ms first, then seconds, then an HTTP date', () => {
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(parseRetryAfter(headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
  });
  it('returns undefined when absent or unreadable', () => {
    expect(parseRetryAfter(headers({}))).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('retryAfterFromText', () => {
  it("reads LiteLLM's cooldown hint", () => {
    expect(retryAfterFromText('litellm.RateLimitError: No deployments available for selected model. Try again in 60 seconds.')).toBe(60_000);
    expect(retryAfterFromText('try again in 1.5s')).toBe(1500);
    expect(retryAfterFromText('Try again in 250 ms')).toBe(250);
    expect(retryAfterFromText('rate limited')).toBeUndefined();
  });
});
