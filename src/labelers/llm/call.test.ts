import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toConversation } from '../../conversation/index.js';
import { CallRecordSchema } from '../monitor.js';
import { createOpenAiChatClient } from '../../llm/index.js';
import { startMockServer, type MockReply, type MockServer } from '../../mock/index.js';
import { createPromptRenderer, fitConversation, loadPromptVersion } from '../../prompts/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { runCall, type CallContext } from './call.js';
import type { ChatClient, ChatResult } from '../../llm/index.js';

const taxonomy = loadTaxonomy();
const renderer = createPromptRenderer({ version: loadPromptVersion('v1'), taxonomy, responseFormat: 'json_object' });
const conversation = toConversation(
  { messages: [{ role: 'user', content: 'Reverse a string in Python.' }, { role: 'assistant', content: '```python\ns[::-1]\n```' }] },
  { index: 0 },
);
const rendered = renderer.render('call1', { conversation, fitted: fitConversation(conversation, { tokenBudget: 4000 }) });

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ seed: 5, confidence: 0.9 });
});
afterAll(async () => {
  await server.close();
});

function context(client: ChatClient): CallContext {
  return { client, providerModel: 'mock-model', modelId: 'mock', maxTokens: 512, cost: () => 0 };
}
const realClient = (maxRetries = 3): ChatClient =>
  createOpenAiChatClient({ baseUrl: server.url, apiKey: null, maxRetries, timeoutMs: 5000, retry: { baseDelayMs: 1, maxRetryAfterMs: 5 } });

describe('runCall', () => {
  it('records the retries of a call that finally succeeded: attempts counts them, failed_attempts says why', async () => {
    const script: MockReply[] = [
      { type: 'fault', fault: 'rate_limit' },
      { type: 'error', status: 503 },
      { type: 'fault', fault: 'reset' },
    ];
    server.setScript(script);
    const out = await runCall(context(realClient()), { name: 'call1', rendered, temperature: 0 });
    server.setScript(undefined);
    expect(out.error).toBeNull();
    expect(out.answer).not.toBeNull();
    expect(out.records).toHaveLength(1);
    const record = CallRecordSchema.parse(out.records[0]); // the monitor keeps the field through its schema
    expect(record).toMatchObject({ name: 'call1', attempts: 4, error: null, finish_reason: 'stop' });
    expect(record.failed_attempts?.map((f) => [f.attempt, f.kind, f.status])).toEqual([
      [1, 'http', 429],
      [2, 'http', 503],
      [3, 'connection', undefined],
    ]);
    expect(record.failed_attempts?.every((f) => f.delay_ms >= 0 && f.message.length > 0)).toBe(true);
  });

  it('has no failed_attempts when the first attempt answered', async () => {
    const out = await runCall(context(realClient()), { name: 'call1', rendered, temperature: 0 });
    expect(out.records[0]).toMatchObject({ attempts: 1, error: null });
    expect(out.records[0]).not.toHaveProperty('failed_attempts');
  });

  it('records every attempt of a call that failed for good', async () => {
    server.setScript([
      { type: 'error', status: 500 },
      { type: 'error', status: 502 },
    ]);
    const out = await runCall(context(realClient(1)), { name: 'call2', rendered, temperature: 0 });
    server.setScript(undefined);
    expect(out.answer).toBeNull();
    expect(out.error).toMatch(/HTTP 502/);
    expect(out.records[0]).toMatchObject({ attempts: 2 });
    expect(out.records[0]?.failed_attempts?.map((f) => f.status)).toEqual([500, 502]);
  });

  it('a truncated answer kept after the retries ran out counts once: attempts = failed attempts', async () => {
    server.setScript([
      { type: 'fault', fault: 'truncated' },
      { type: 'fault', fault: 'truncated' },
    ]);
    const out = await runCall(context(realClient(1)), { name: 'call1', rendered, temperature: 0 });
    server.setScript(undefined);
    expect(out.records.map((r) => r.name)).toEqual(['call1', 'repair:call1']);
    expect(out.records[0]).toMatchObject({ attempts: 2, finish_reason: 'length' });
    expect(out.records[0]?.failed_attempts?.map((f) => f.kind)).toEqual(['length', 'length']);
    expect(out.answer).not.toBeNull(); // the repair re-ask answered
  });

  it('counts failures a wrapping client passed on even when it reports only its last try', async () => {
    const inner = realClient();
    const forgetful: ChatClient = {
      endpoint: inner.endpoint,
      async complete(request, options): Promise<ChatResult> {
        const r = await inner.complete(request, options);
        const earlier = { attempt: 1, kind: 'http', status: 429, message: 'HTTP 429: overloaded', delay_ms: 10 };
        return { ...r, attempts: 1, failed_attempts: [earlier, ...(r.failed_attempts ?? [])] };
      },
    };
    const out = await runCall(context(forgetful), { name: 'call1', rendered, temperature: 0 });
    expect(out.records[0]).toMatchObject({ attempts: 2 });
  });

  it('a cache hit made no attempts now and lists none', async () => {
    const cached: ChatClient = {
      endpoint: 'cache',
      async complete(): Promise<ChatResult> {
        const r = await realClient().complete({ model: 'mock-model', messages: rendered.messages, temperature: 0, max_tokens: 512, response_format: rendered.response_format });
        return { ...r, attempts: 0, cache_hit: true, failed_attempts: [{ attempt: 1, kind: 'http', status: 500, message: 'old', delay_ms: 1 }] };
      },
    };
    const out = await runCall(context(cached), { name: 'call1', rendered, temperature: 0 });
    expect(out.records[0]).toMatchObject({ attempts: 0, cache_hit: true });
    expect(out.records[0]).not.toHaveProperty('failed_attempts');
  });
});
