import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from './server.js';

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const schema = { type: 'object', properties: { n: { type: 'integer', minimum: 0, maximum: 9 } }, required: ['n'] };
const line = (id: string): string =>
  JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: 'mock-model', messages: [{ role: 'user', content: id }], response_format: { type: 'json_schema', json_schema: { name: 'a', strict: true, schema } } } });

async function upload(url: string, ids: string[]): Promise<string> {
  const form = new FormData();
  form.append('purpose', 'batch');
  form.append('file', new Blob([`${ids.map(line).join('\n')}\n`], { type: 'application/jsonl' }), 'in.jsonl');
  const res = await fetch(`${url}/files`, { method: 'POST', body: form });
  const file = (await res.json()) as { id: string; purpose: string; filename: string };
  expect(file).toMatchObject({ purpose: 'batch', filename: 'in.jsonl' });
  return file.id;
}

async function createBatch(url: string, fileId: string): Promise<{ id: string; status: string }> {
  const res = await fetch(`${url}/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input_file_id: fileId, endpoint: '/v1/chat/completions', completion_window: '24h' }) });
  return (await res.json()) as { id: string; status: string };
}

const get = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('startMockServer: Batch API', () => {
  it('runs a batch after the delay: in_progress, then completed with an output file of schema-valid answers', async () => {
    mock = await startMockServer({ batch: { completeAfterMs: 40 } });
    const b = await createBatch(mock.url, await upload(mock.url, ['a', 'b']));
    expect(b.status).toBe('in_progress');
    await sleep(60);
    const done = await get<{ status: string; output_file_id: string; error_file_id: string | null; request_counts: { completed: number } }>(`${mock.url}/batches/${b.id}`);
    expect(done).toMatchObject({ status: 'completed', error_file_id: null, request_counts: { completed: 2 } });
    const out = (await (await fetch(`${mock.url}/files/${done.output_file_id}/content`)).text()).trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; response: { status_code: number; body: { choices: Array<{ message: { content: string } }> } } });
    expect(out.map((o) => o.custom_id)).toEqual(['a', 'b']);
    expect(out[0]?.response.status_code).toBe(200);
    expect(JSON.parse(out[0]!.response.body.choices[0]!.message.content)).toHaveProperty('n');
    expect(mock.batch.created).toEqual([b.id]);
  });

  it('scripts an expired batch (half answered, the rest batch_expired) and a partly failed one', async () => {
    mock = await startMockServer({ batch: { completeAfterMs: 0, script: [{ kind: 'expire', answered: 0.5 }, { kind: 'partial', every: 2 }] } });
    const ids = ['a', 'b', 'c', 'd'];
    const expired = await createBatch(mock.url, await upload(mock.url, ids));
    const partial = await createBatch(mock.url, await upload(mock.url, ids));
    const e = await get<{ status: string; error_file_id: string; request_counts: unknown }>(`${mock.url}/batches/${expired.id}`);
    expect(e).toMatchObject({ status: 'expired', request_counts: { total: 4, completed: 2, failed: 2 } });
    const errors = (await (await fetch(`${mock.url}/files/${e.error_file_id}/content`)).text()).trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; error: { code: string } });
    expect(errors.map((x) => [x.custom_id, x.error.code])).toEqual([['c', 'batch_expired'], ['d', 'batch_expired']]);
    const p = await get<{ status: string; request_counts: unknown }>(`${mock.url}/batches/${partial.id}`);
    expect(p).toMatchObject({ status: 'completed', request_counts: { completed: 2, failed: 2 } });
    expect((await fetch(`${mock.url}/batches/batch_nope`)).status).toBe(404);
  });
});
