import { describe, expect, it } from 'vitest';
import { createBreaker, permanentFailure } from './breaker.js';
import { buildMonitor, type CallRecord, type LabelOutcome } from './monitor.js';

const call = (over: Partial<CallRecord>): CallRecord => ({
  name: 'call1',
  model: 'm',
  attempts: 1,
  latency_ms: 1,
  prompt_tokens: 0,
  completion_tokens: 0,
  cached_tokens: 0,
  cost_usd: 0,
  cache_hit: false,
  finish_reason: null,
  error: null,
  ...over,
});
const outcome = (calls: CallRecord[], labeled = false): LabelOutcome => ({
  labels: labeled ? ({} as LabelOutcome['labels']) : null,
  confidence: {},
  labeling_monitor: buildMonitor({ labeler: 'llm', model: 'm', taxonomyVersion: '3.1', latencyMs: 1, calls, error: labeled ? null : 'failed' }),
});
const refused = (status = 404, message = 'Model Not Exist'): LabelOutcome =>
  outcome([call({ error: `HTTP ${status}: ${message}`, failure: { kind: 'http', status, provider_message: message, retryable: false } })]);
const overloaded = (): LabelOutcome => outcome([call({ error: 'HTTP 503', failure: { kind: 'http', status: 503, retryable: true } })]);

describe('permanentFailure', () => {
  it('reads a refusal that is not retried, and an answer the parser never used; ignores retryable failures and cache hits', () => {
    expect(permanentFailure(refused(401, 'bad key').labeling_monitor.calls)).toEqual({ status: 401, message: 'bad key' });
    expect(permanentFailure(overloaded().labeling_monitor.calls)).toBeNull();
    expect(permanentFailure([call({ name: 'repair:call1', error: 'no JSON object in the answer' })])).toEqual({ message: 'unusable answer: no JSON object in the answer' });
    expect(permanentFailure([call({ error: 'cache miss', cache_hit: true })])).toBeNull();
    expect(permanentFailure([call({ name: 'rules', error: 'threw' })])).toBeNull();
  });
});

describe('createBreaker', () => {
  it('lets only `probe` samples run until the first success, then trips after `probe` identical refusals', async () => {
    const b = createBreaker({ model: 'deepseek-chat', probe: 3 });
    const admitted = await Promise.all([b.admit(), b.admit(), b.admit()]);
    expect(admitted).toEqual([true, true, true]);
    let fourth: boolean | null = null;
    const waiting = b.admit().then((ok) => (fourth = ok));
    await Promise.resolve();
    expect(fourth).toBeNull(); // a 4th sample waits while the first three are in flight
    b.settle(refused());
    await Promise.resolve();
    expect(fourth).toBeNull(); // an identical refusal does not free a slot: an endpoint refusing everything gets `probe` requests
    b.settle(refused());
    b.settle(refused());
    expect(b.tripped).toMatchObject({ samples: 3, status: 404, message: 'Model Not Exist' });
    expect(b.tripped?.summary).toMatch(/stopped deepseek-chat after its first 3 samples all failed the same way \(HTTP 404: Model Not Exist\); check the wire model name/);
    await waiting;
    expect(fourth).toBe(false);
    expect(await b.admit()).toBe(false);
  });

  it('wakes every waiter with false when it trips', async () => {
    const b = createBreaker({ model: 'm', probe: 2 });
    await b.admit();
    await b.admit();
    const waiters = [b.admit(), b.admit(), b.admit()];
    b.settle(refused(401, 'bad key'));
    b.settle(refused(401, 'bad key'));
    expect(await Promise.all(waiters)).toEqual([false, false, false]);
  });

  it('never trips once a sample was labeled, and then no longer limits samples in flight', async () => {
    const b = createBreaker({ model: 'm', probe: 2 });
    await b.admit();
    b.settle(outcome([call({})], true));
    for (let i = 0; i < 10; i++) expect(await b.admit()).toBe(true);
    for (let i = 0; i < 10; i++) b.settle(refused());
    expect(b.tripped).toBeNull();
  });

  it('does not trip on different refusals or on retryable failures, and keeps a slot open for them', async () => {
    const b = createBreaker({ model: 'm', probe: 3 });
    for (let i = 0; i < 3; i++) await b.admit();
    b.settle(refused(404, 'a'));
    b.settle(refused(400, 'b'));
    b.settle(overloaded());
    expect(b.tripped).toBeNull();
    // One identical refusal so far: 2 samples may run.
    expect(await b.admit()).toBe(true);
    expect(await b.admit()).toBe(true);
    b.settle(refused(404, 'a'));
    b.settle(refused(404, 'a'));
    expect(b.tripped?.samples).toBe(3);
  });

  it('release frees a slot without counting', async () => {
    const b = createBreaker({ model: 'm', probe: 1 });
    await b.admit();
    const next = b.admit();
    b.release();
    expect(await next).toBe(true);
    expect(b.tripped).toBeNull();
  });
});
