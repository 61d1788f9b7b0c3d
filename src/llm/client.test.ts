import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LlmHttpError, LlmTimeoutError } from '../errors/index.js';
import { startMockServer, type MockReply, type MockServer, type MockServerOptions } from '../mock/index.js';
import { createOpenAiChatClient, failedAttemptsOf, type OpenAiChatClientOptions } from './client.js';
import type { ChatRequest, FailedAttempt } from './types.js';

const KEY = 'sk-test-4f9c2a77e1d0b3c5';
const schema = {
  type: 'object',
  properties: { intent: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string', enum: ['build', 'debug'] }, minItems: 1, maxItems: 1 }, confidence: { type: 'number', minimum: 0, maximum: 1 } }, required: ['tags', 'confidence'], additionalProperties: false } },
  required: ['intent'],
  additionalProperties: false,
};
const request: ChatRequest = {
  model: 'mock-model',
  messages: [{ role: 'system', content: 'Label the sample.' }, { role: 'user', content: 'Sample: fix my python bug' }],
  temperature: 0,
  max_tokens: 256,
  response_format: { type: 'json_schema', json_schema: { name: 'labels', strict: true, schema } },
};

let server: MockServer;
async function start(options: MockServerOptions = {}): Promise<MockServer> {
  server = await startMockServer(options);
  return server;
}
afterEach(async () => server?.close());

function client(overrides: Partial<OpenAiChatClientOptions> = {}, retries: FailedAttempt[] = []) {
  return createOpenAiChatClient({
    baseUrl: server.url,
    apiKey: KEY,
    timeoutMs: 2_000,
    retry: { baseDelayMs: 1, maxDelayMs: 5, jitter: 0, maxRetryAfterMs: 1_000 },
    onRetry: (r) => retries.push(r),
    ...overrides,
  });
}
const replies = (...r: MockReply[]) => r;
const fault = (f: Extract<MockReply, { type: 'fault' }>['fault']): MockReply => ({ type: 'fault', fault: f });

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('createOpenAiChatClient', () => {
  beforeEach(async () => {
    await start({ retryAfter: { ms: 60 } });
  });

  it('answers a json_schema request and sends the key only in the authorization header', async () => {
    const r = await client().complete(request);
    expect(r).toMatchObject({ attempts: 1, cache_hit: false, finish_reason: 'stop', reasoning: null, failed_attempts: [] });
    const answer = JSON.parse(r.content) as { intent: { tags: string[]; confidence: number } };
    expect(['build', 'debug']).toContain(answer.intent.tags[0]);
    expect(r.usage.prompt_tokens).toBeGreaterThan(0);
    const seen = server.stats.seen[0];
    expect(seen?.headers.authorization).toBe(`Bearer ${KEY}`);
    const { authorization: _auth, ...otherHeaders } = seen?.headers ?? {};
    expect(JSON.stringify(otherHeaders) + (seen?.body ?? '')).not.toContain(KEY);
    expect(JSON.parse(seen?.body ?? '{}')).toMatchObject({ model: 'mock-model', max_tokens: 256, temperature: 0 });
  });

  it('sends the JSON body chat.completions.create would send, byte for byte, for every request of a client', async () => {
    const c = client();
    const unicode: ChatRequest = { ...request, messages: [request.messages[0]!, { role: 'user', content: 'héllo 😀 "quoted" \\ \u2028' }] };
    await c.complete(request);
    await c.complete(unicode); // the second request reuses the encoded system message
    const wire = (r: ChatRequest) => JSON.stringify({ model: r.model, messages: r.messages, temperature: r.temperature, response_format: r.response_format, max_tokens: r.max_tokens });
    expect(server.stats.seen.map((s) => s.body)).toEqual([wire(request), wire(unicode)]);
    expect(server.stats.seen.map((s) => s.headers['content-type'])).toEqual(['application/json', 'application/json']);
  });

  it('honours Retry-After on a 429, then succeeds', async () => {
    server.setScript(replies(fault('rate_limit')));
    const retries: FailedAttempt[] = [];
    const t0 = Date.now();
    const r = await client({}, retries).complete(request);
    expect(r.attempts).toBe(2);
    expect(retries).toMatchObject([{ attempt: 1, kind: 'http', status: 429, delay_ms: 60 }]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    expect(server.stats.byStatus).toMatchObject({ '429': 1, '200': 1 });
  });

  it('caps a huge Retry-After', async () => {
    await server.close();
    await start({ retryAfter: { seconds: 3600 } });
    server.setScript(replies(fault('rate_limit')));
    const retries: FailedAttempt[] = [];
    const r = await client({ retry: { maxRetryAfterMs: 30, baseDelayMs: 1 } }, retries).complete(request);
    expect(r.attempts).toBe(2);
    expect(retries[0]?.delay_ms).toBe(30);
  });

  it('retries 500, 503 and an HTML 502 page', async () => {
    server.setScript(replies(fault('server_error'), fault('unavailable'), fault('html_502')));
    const retries: FailedAttempt[] = [];
    const r = await client({}, retries).complete(request);
    expect(r.attempts).toBe(4);
    expect(retries.map((x) => x.status)).toEqual([500, 503, 502]);
    expect(retries[2]?.message.length).toBeLessThan(260);
  });

  it.each([400, 401, 403, 404, 422])('never retries HTTP %i', async (status) => {
    server.setScript(replies({ type: 'error', status }));
    const err = await rejection(client().complete(request));
    expect(err).toBeInstanceOf(LlmHttpError);
    expect((err as LlmHttpError).status).toBe(status);
    expect(server.stats.requests).toBe(1);
  });

  it('retries a connection reset', async () => {
    server.setScript(replies(fault('reset')));
    const retries: FailedAttempt[] = [];
    expect((await client({}, retries).complete(request)).attempts).toBe(2);
    expect(retries[0]?.kind).toBe('connection');
  });

  it('cuts a hung attempt at the per-attempt timeout and retries', async () => {
    server.setScript(replies(fault('hang')));
    const retries: FailedAttempt[] = [];
    const r = await client({ timeoutMs: 150 }, retries).complete(request);
    expect(r.attempts).toBe(2);
    expect(retries[0]?.kind).toBe('timeout');
  });

  it('cuts headers-then-hang at the per-attempt timeout (the SDK timeout stops at headers)', async () => {
    server.setScript(replies(fault('headers_then_hang')));
    const retries: FailedAttempt[] = [];
    const r = await client({ timeoutMs: 150 }, retries).complete(request);
    expect(r.attempts).toBe(2);
    expect(retries[0]?.kind).toBe('timeout');
  });

  it('stops headers-then-hang at the total deadline with LlmTimeoutError', async () => {
    server.setScript(() => fault('headers_then_hang'));
    const t0 = Date.now();
    const err = await rejection(client({ timeoutMs: 60_000, deadlineMs: 200 }).complete(request));
    expect(err).toBeInstanceOf(LlmTimeoutError);
    expect(err.message).toMatch(/200 ms deadline/);
    expect(failedAttemptsOf(err)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('retries a truncated answer (finish_reason length) and an empty one', async () => {
    server.setScript(replies(fault('truncated'), fault('empty')));
    const retries: FailedAttempt[] = [];
    const r = await client({}, retries).complete(request);
    expect(r.attempts).toBe(3);
    expect(retries.map((x) => x.kind)).toEqual(['length', 'empty']);
    expect(() => JSON.parse(r.content)).not.toThrow();
  });

  it('returns the last truncated answer when retries run out, for the caller to record', async () => {
    server.setScript(() => fault('truncated'));
    const r = await client({ maxRetries: 1 }).complete(request);
    expect(r).toMatchObject({ attempts: 2, finish_reason: 'length' });
    expect(r.failed_attempts?.map((x) => x.kind)).toEqual(['length', 'length']);
  });

  it('retries a 200 whose body is not a chat completion', async () => {
    server.setScript(replies({ type: 'error', status: 200, text: 'upstream says hi' }));
    const retries: FailedAttempt[] = [];
    expect((await client({}, retries).complete(request)).attempts).toBe(2);
    expect(retries[0]?.kind).toBe('malformed');
  });

  it('throws LlmHttpError with the status when retries are exhausted', async () => {
    server.setScript(() => fault('unavailable'));
    const err = await rejection(client({ maxRetries: 2 }).complete(request));
    expect(err).toBeInstanceOf(LlmHttpError);
    expect((err as LlmHttpError).status).toBe(503);
    expect(err.message).toMatch(/after 3 attempt/);
    expect(server.stats.requests).toBe(3);
    expect(failedAttemptsOf(err).map((a) => [a.attempt, a.status])).toEqual([[1, 503], [2, 503], [3, 503]]);
    expect(failedAttemptsOf(new Error('x'))).toEqual([]);
  });

  it('never puts the API key in a thrown error, even when the server echoes it', async () => {
    server.setScript((req) => ({ type: 'error', status: 401, body: { error: { message: `Incorrect API key provided: ${String(req.headers.authorization)}` } } }));
    const err = await rejection(client().complete(request));
    expect(err).toBeInstanceOf(LlmHttpError);
    const everything = [err.message, String(err.cause), (err.cause as Error).message, JSON.stringify(err), err.stack].join('\n');
    expect(everything).not.toContain(KEY);
    expect(err.message).toContain('[redacted]');
  });

  it('never puts the key in the failed-attempt records of a call that succeeds', async () => {
    server.setScript((req, ctx) =>
      ctx.index === 0 ? { type: 'error', status: 500, text: `proxy error for ${String(req.headers.authorization)}` } : undefined,
    );
    const r = await client().complete(request);
    expect(r.attempts).toBe(2);
    expect(JSON.stringify(r)).not.toContain(KEY);
    expect(r.failed_attempts?.[0]?.message).toContain('[redacted]');
  });

  it('keeps credentials in the base URL out of messages', async () => {
    const url = server.url.replace('http://', 'http://user:pw-secret@');
    server.setScript(replies({ type: 'error', status: 404 }));
    const err = await rejection(client({ baseUrl: url, maxRetries: 1 }).complete(request));
    expect(err.message).toContain('127.0.0.1');
    expect([err.message, String(err.cause), JSON.stringify(failedAttemptsOf(err))].join('\n')).not.toContain('pw-secret');
  });

  it('never puts the key in a connection error or timeout', async () => {
    server.setScript(() => fault('hang'));
    const err = await rejection(client({ timeoutMs: 50, maxRetries: 1 }).complete(request));
    expect(err).toBeInstanceOf(LlmTimeoutError);
    expect([err.message, String(err.cause), err.stack].join('\n')).not.toContain(KEY);
  });

  it('parses usage with OpenAI cached tokens', async () => {
    server.setScript(replies({ type: 'answer', cached_tokens: 7 }));
    const r = await client().complete(request);
    expect(r.usage.cached_tokens).toBe(7);
    expect(r.usage.completion_tokens).toBe(Math.ceil(r.content.length / 4));
  });

  it("reads LiteLLM's reported cost header", async () => {
    server.setScript(replies({ type: 'answer', headers: { 'x-litellm-response-cost': '0.00042' } }, { type: 'answer' }));
    expect((await client().complete(request)).provider_cost_usd).toBe(0.00042);
    expect((await client().complete(request)).provider_cost_usd).toBeNull();
  });

  it("waits for LiteLLM's 'try again in' hint when a 429 has no Retry-After", async () => {
    server.setScript(replies({ type: 'error', status: 429, body: { error: { message: 'litellm.RateLimitError: No deployments available. Try again in 40 ms', code: '429' } } }));
    const retries: FailedAttempt[] = [];
    expect((await client({}, retries).complete(request)).attempts).toBe(2);
    expect(retries[0]).toMatchObject({ status: 429, delay_ms: 40 });
    expect(retries[0]?.message).toMatch(/^HTTP 429: litellm\.RateLimitError/);
  });

  it('passes a user abort through without retrying', async () => {
    server.setScript(() => fault('hang'));
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('user cancelled')), 50);
    const err = await rejection(client().complete(request, { signal: ac.signal }));
    expect(err.message).toBe('user cancelled');
    expect(server.stats.requests).toBe(1);
  });
});

describe('createOpenAiChatClient against a DeepSeek-style endpoint', () => {
  it('reads prompt_cache_hit_tokens and keeps reasoning_content apart', async () => {
    await start({ usageStyle: 'deepseek', cachedFraction: 0.5 });
    server.setScript(replies({ type: 'answer', body: { ok: true }, reasoning_content: 'Let me think about the tags.' }));
    const r = await client().complete({ ...request, response_format: { type: 'json_object' } });
    expect(r.content).toBe('{"ok":true}');
    expect(r.reasoning).toBe('Let me think about the tags.');
    expect(r.usage.cached_tokens).toBe(Math.floor(r.usage.prompt_tokens * 0.5));
    expect(r.usage.cached_tokens).toBeGreaterThan(0);
  });

  it('sends max_completion_tokens and no temperature when asked (reasoning models)', async () => {
    await start();
    await client({ tokenParam: 'max_completion_tokens', sendTemperature: false }).complete(request);
    const body = JSON.parse(server.stats.seen[0]?.body ?? '{}') as Record<string, unknown>;
    expect(body.max_completion_tokens).toBe(256);
    expect(body.max_tokens).toBeUndefined();
    expect('temperature' in body).toBe(false);
  });
});

describe('createOpenAiChatClient against real-provider contracts (issue 14)', () => {
  beforeEach(async () => {
    await start({ persona: 'openai-reasoning' });
  });

  it('retries a length finish once with the budget doubled, never twice at the same budget, and records both', async () => {
    // o3-mini at default effort reasons 1500 tokens: 1000 is cut with empty content, 2000 answers.
    const wire = { tokenParam: 'max_completion_tokens', sendTemperature: false } as const;
    const r = await client(wire).complete({ ...request, model: 'o3-mini', max_tokens: 1000 });
    expect(r).toMatchObject({ attempts: 2, finish_reason: 'stop', max_tokens: 2000 });
    expect(r.usage.reasoning_tokens).toBe(1500);
    expect(r.failed_attempts).toEqual([expect.objectContaining({ kind: 'length', max_tokens: 1000, delay_ms: 0 })]);
    expect(r.failed_attempts?.[0]?.message).toMatch(/max_tokens 1000 .*1000 reasoning tokens.*retrying once with 2000/);
    const budgets = server.stats.seen.map((s) => (JSON.parse(s.body) as { max_completion_tokens: number }).max_completion_tokens);
    expect(budgets).toEqual([1000, 2000]);
  });

  it('stops at the cap and returns the cut answer for the caller to record', async () => {
    const wire = { tokenParam: 'max_completion_tokens', sendTemperature: false, maxTokensCap: 1200 } as const;
    const r = await client(wire).complete({ ...request, model: 'o3-mini', max_tokens: 1000 });
    expect(r).toMatchObject({ attempts: 2, finish_reason: 'length', content: '' });
    expect(server.stats.seen.map((s) => (JSON.parse(s.body) as { max_completion_tokens: number }).max_completion_tokens)).toEqual([1000, 1200]);
  });

  it('puts status, the provider message and retryable on the LlmHttpError of a refused request, not retried', async () => {
    const err = await rejection(client().complete({ ...request, model: 'gpt-5' })); // max_tokens + temperature: 400
    expect(err).toBeInstanceOf(LlmHttpError);
    const http = err as LlmHttpError;
    expect(http.status).toBe(400);
    expect(http.retryable).toBe(false);
    expect(http.providerMessage).toMatch(/^Unsupported parameter: 'max_tokens' is not supported with this model/);
    expect(server.stats.requests).toBe(1);
  });

  it('sends registry extras (reasoning_effort, extra_body) and the reasoning token parameter', async () => {
    const r = await client({ tokenParam: 'max_completion_tokens', sendTemperature: false, reasoningEffort: 'low', extraBody: { metadata: { a: 1 } } }).complete({
      ...request,
      model: 'gpt-5',
      max_tokens: 2048,
    });
    expect(r.usage.reasoning_tokens).toBe(300);
    expect(r.response_model).toBe('gpt-5-2025-08-07');
    expect(JSON.parse(server.stats.seen[0]?.body ?? '{}')).toMatchObject({ reasoning_effort: 'low', metadata: { a: 1 }, max_completion_tokens: 2048 });
  });
});

describe('LlmHttpError.retryable', () => {
  it('is true for 429/408/409/5xx and transport failures, false for refusals that repeat', () => {
    for (const s of [429, 408, 409, 500, 503, undefined]) expect(new LlmHttpError('x', s, undefined).retryable, String(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 422]) expect(new LlmHttpError('x', s, undefined).retryable, String(s)).toBe(false);
  });
});
