import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InterruptedError, LlmHttpError } from '../errors/index.js';
import { createStop } from '../util/stop.js';
import type { ChatRequest } from '../llm/index.js';
import { startMockServer, type MockServer, type MockServerOptions } from '../mock/index.js';
import { createOpenAiBatchApi } from './api.js';
import { createBatchChatClient, type BatchChatClientOptions } from './client.js';
import { BatchStateSchema } from './state.js';

const schema = { type: 'object', properties: { n: { type: 'integer', minimum: 0, maximum: 9 } }, required: ['n'] };
const req = (i: number): ChatRequest => ({
  model: 'mock-model',
  messages: [{ role: 'user', content: `sample ${i}` }],
  temperature: 0,
  max_tokens: 50,
  response_format: { type: 'json_schema', json_schema: { name: 'a', strict: true, schema } },
});

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function setup(batch: MockServerOptions['batch'], extra: Partial<BatchChatClientOptions> = {}) {
  mock = await startMockServer({ batch });
  const dir = mkdtempSync(join(tmpdir(), 'batch-'));
  const statePath = join(dir, 'batch_x.state.json');
  const make = (more: Partial<BatchChatClientOptions> = {}) =>
    createBatchChatClient({ api: createOpenAiBatchApi({ baseUrl: mock!.url, apiKey: 'sk-test-secret' }), endpoint: mock!.url, statePath, pollMs: 10, flushIdleMs: 20, ...extra, ...more });
  return { statePath, make, mock };
}

describe('createBatchChatClient', () => {
  it('answers every request through one batch, saving its id in the state file', async () => {
    const { statePath, make, mock } = await setup({ completeAfterMs: 30 });
    const client = make();
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => client.complete(req(i))));
    for (const r of results) expect(JSON.parse(r.content)).toHaveProperty('n');
    expect(results[0]?.usage.prompt_tokens).toBeGreaterThan(0);
    expect(client.stats()).toMatchObject({ created: 1, submitted: 5, resubmitted: 0 });
    expect(mock.batch.created).toHaveLength(1);
    const state = BatchStateSchema.parse(JSON.parse(readFileSync(statePath, 'utf8')));
    expect(state.batches.map((b) => [b.id, b.requests, b.status])).toEqual([['batch_mock1', 5, 'completed']]);
    expect(readFileSync(statePath, 'utf8')).not.toContain('sk-test-secret');
    client.close();
  });

  it('splits a round into batches within the request limit', async () => {
    const { make, mock } = await setup({});
    const client = make({ limits: { maxRequests: 2, maxBytes: 1e9 } });
    await Promise.all([0, 1, 2, 3, 4].map((i) => client.complete(req(i))));
    expect(mock.batch.created).toHaveLength(3);
    client.close();
  });

  it('resubmits only what an expired batch left unanswered, and the lines of a partly failed batch', async () => {
    const { make, mock } = await setup({ script: [{ kind: 'expire', answered: 0.5 }, { kind: 'partial', every: 2 }] });
    const client = make();
    const results = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => client.complete(req(i))));
    expect(results).toHaveLength(8);
    // Batch 1 (8 requests) expires with 4 answered; batch 2 gets the other 4, fails lines 0 and 2; batch 3 gets those 2.
    expect(mock.batch.created).toHaveLength(3);
    expect(client.stats()).toMatchObject({ submitted: 8 + 4 + 2, resubmitted: 6, failed: 0, byStatus: { expired: 1, completed: 2 } });
    expect(mock.batch.answered).toBe(8);
    expect(Math.max(...mock.batch.sent.values())).toBe(3);
    client.close();
  });

  it('gives up after maxResubmits with an LlmHttpError naming the reason', async () => {
    const { make } = await setup({ script: () => ({ kind: 'fail' }) });
    const client = make({ maxResubmits: 1 });
    await expect(client.complete(req(1))).rejects.toThrow(LlmHttpError);
    await expect(client.complete(req(2))).rejects.toThrow(/failed after 2 batch\(es\): no answer \(batch failed: invalid_request/);
    client.close();
  });

  it('Ctrl-C, first step: what is queued is not sent (no batch created); new requests are refused', async () => {
    const { make, mock, statePath } = await setup({ completeAfterMs: 30 });
    const stop = createStop();
    const client = make({ stop, flushIdleMs: 300 });
    const pending = [0, 1, 2].map((i) => client.complete(req(i)).then(() => 'answered', (e: unknown) => e));
    stop.stop(); // before the idle flush
    for (const r of await Promise.all(pending)) expect(r).toBeInstanceOf(InterruptedError);
    await expect(client.complete(req(3))).rejects.toThrow(/not sent: the run is stopping/);
    await new Promise((r) => setTimeout(r, 400));
    expect(mock.batch.created).toHaveLength(0);
    expect(existsSync(statePath)).toBe(false);
    client.close();
  });

  it('Ctrl-C, first step: a batch already created is still waited for and answers', async () => {
    const { make, mock, statePath } = await setup({ completeAfterMs: 150 });
    const stop = createStop();
    const client = make({ stop });
    const pending = Promise.all([0, 1].map((i) => client.complete(req(i))));
    for (let i = 0; i < 100 && !existsSync(statePath); i++) await new Promise((r) => setTimeout(r, 10));
    stop.stop();
    expect(await pending).toHaveLength(2);
    expect(mock.batch.created).toHaveLength(1);
    client.close();
  });

  it('Ctrl-C, second step: stops waiting (InterruptedError naming the state file); the batch is not cancelled and the next run collects it', async () => {
    const { make, mock, statePath } = await setup({ completeAfterMs: 600 });
    const stop = createStop();
    const first = make({ stop });
    const pending = [0, 1, 2].map((i) => first.complete(req(i)).then(() => 'answered', (e: unknown) => e));
    for (let i = 0; i < 100 && !existsSync(statePath); i++) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    for (const r of await Promise.all(pending)) {
      expect(r).toBeInstanceOf(InterruptedError);
      expect(String((r as Error).message)).toContain(`1 batch(es) keep running at the provider; the resumed run collects their answers (${statePath})`);
    }
    expect(BatchStateSchema.parse(JSON.parse(readFileSync(statePath, 'utf8'))).batches[0]?.custom_ids).toHaveLength(3);
    const second = make();
    expect(await Promise.all([0, 1, 2].map((i) => second.complete(req(i))))).toHaveLength(3);
    expect(mock.batch.created).toHaveLength(1);
    expect([...mock.batch.sent.values()]).toEqual([1, 1, 1]);
    second.close();
  });

  it('after a restart, polls the saved batch instead of creating a new one', async () => {
    const { statePath, make, mock } = await setup({ completeAfterMs: 300 });
    const first = make();
    const pending = [0, 1, 2].map((i) => first.complete(req(i)).catch(() => null));
    for (let i = 0; i < 100 && !existsSync(statePath); i++) await new Promise((r) => setTimeout(r, 10));
    expect(mock.batch.created).toHaveLength(1);
    first.close(); // the process dies with its batch in flight
    expect(await Promise.all(pending)).toEqual([null, null, null]);
    const second = make();
    const results = await Promise.all([0, 1, 2].map((i) => second.complete(req(i))));
    expect(results).toHaveLength(3);
    expect(mock.batch.created).toHaveLength(1);
    expect(second.stats()).toMatchObject({ created: 0, adopted: 1 });
    expect([...mock.batch.sent.values()]).toEqual([1, 1, 1]);
    second.close();
  });
});
