import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer, type MockServerOptions } from './server.js';
import { FAULT_KINDS, type FaultKind } from './replies.js';
import { SCHEMA_CLOSE, SCHEMA_OPEN } from './request.js';

const tagSchema = {
  type: 'object',
  properties: {
    intent: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string', enum: ['build', 'debug', 'code-review'] }, minItems: 1, maxItems: 1 }, confidence: { type: 'number', minimum: 0, maximum: 1 } }, required: ['tags', 'confidence'] },
    concept: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string', enum: ['recursion', 'io', 'sql', 'closures'] }, uniqueItems: true, minItems: 0, maxItems: 3 }, confidence: { type: 'number', minimum: 0, maximum: 1 } }, required: ['tags', 'confidence'] },
  },
  required: ['intent', 'concept'],
};
type Answer = { intent: { tags: string[]; confidence: number }; concept: { tags: string[]; confidence: number } };

let server: MockServer;
afterEach(async () => server?.close());
async function start(o: MockServerOptions = {}) {
  server = await startMockServer(o);
  return server;
}

async function post(body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body: JSON.stringify(body), ...init });
}
const jsonSchemaBody = { model: 'm', messages: [{ role: 'user', content: 'hello world' }], response_format: { type: 'json_schema', json_schema: { name: 'x', strict: true, schema: tagSchema } } };
async function content(res: Response): Promise<{ content: string; finish: string; usage: Record<string, unknown> }> {
  const j = (await res.json()) as { choices: Array<{ message: { content: string }; finish_reason: string }>; usage: Record<string, unknown> };
  return { content: j.choices[0]?.message.content ?? '', finish: j.choices[0]?.finish_reason ?? '', usage: j.usage };
}
function checkAnswer(a: Answer) {
  expect(['build', 'debug', 'code-review']).toContain(a.intent.tags[0]);
  expect(a.intent.tags).toHaveLength(1);
  expect(new Set(a.concept.tags).size).toBe(a.concept.tags.length);
  for (const t of a.concept.tags) expect(['recursion', 'io', 'sql', 'closures']).toContain(t);
  expect(a.intent.confidence).toBeGreaterThanOrEqual(0);
  expect(a.intent.confidence).toBeLessThanOrEqual(1);
}

describe('startMockServer', () => {
  it('answers json_schema requests with random objects valid for the schema', async () => {
    await start({ seed: 7 });
    for (let i = 0; i < 20; i++) {
      const res = await post(jsonSchemaBody);
      expect(res.status).toBe(200);
      checkAnswer(JSON.parse((await content(res)).content) as Answer);
    }
    expect(server.stats).toMatchObject({ requests: 20, byStatus: { '200': 20 } });
  });

  it('reads the schema embedded between the markers for json_object requests', async () => {
    await start({ confidence: 0.9 });
    const prompt = `Answer in JSON.\n${SCHEMA_OPEN}\n${JSON.stringify(tagSchema)}\n${SCHEMA_CLOSE}\nSample: ...`;
    const res = await post({ model: 'm', messages: [{ role: 'system', content: prompt }], response_format: { type: 'json_object' } });
    const a = JSON.parse((await content(res)).content) as Answer;
    checkAnswer(a);
    expect(a.intent.confidence).toBe(0.9);
  });

  it('answers per request from a script that sees the message text', async () => {
    await start();
    server.setScript((req, ctx) => (req.text.includes('SAMPLE-2') ? { type: 'answer', body: { n: ctx.index } } : undefined));
    const one = await content(await post(jsonSchemaBody));
    const two = await content(await post({ ...jsonSchemaBody, messages: [{ role: 'user', content: 'SAMPLE-2' }] }));
    checkAnswer(JSON.parse(one.content) as Answer);
    expect(JSON.parse(two.content)).toEqual({ n: 1 });
  });

  it('reports usage with optional cached tokens in OpenAI or DeepSeek style', async () => {
    await start({ cachedFraction: 0.5 });
    const u = (await content(await post(jsonSchemaBody))).usage;
    expect(u.prompt_tokens).toBe(Math.ceil('hello world'.length / 4));
    expect(u.prompt_tokens_details).toEqual({ cached_tokens: 1 });
    await server.close();
    await start({ usageStyle: 'deepseek', cachedFraction: 1 });
    const d = (await content(await post(jsonSchemaBody))).usage;
    expect(d).toMatchObject({ prompt_cache_hit_tokens: 3, prompt_cache_miss_tokens: 0 });
  });

  it('answers 429 with Retry-After beyond maxConcurrent', async () => {
    await start({ maxConcurrent: 2, latencyMs: 100, retryAfter: { seconds: 2 } });
    const res = await Promise.all([post(jsonSchemaBody), post(jsonSchemaBody), post(jsonSchemaBody)]);
    const statuses = res.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    expect(res.find((r) => r.status === 429)?.headers.get('retry-after')).toBe('2');
    expect(server.stats.maxInFlight).toBe(3);
    // The third was over the cap only until its 429 went out: a moment, not the 100 ms the others took.
    expect(server.stats.overCapMs).toBeGreaterThan(0);
    expect(server.stats.overCapMs).toBeLessThan(50);
  });

  it('with retryAfter none, answers 429 beyond maxConcurrent without any Retry-After (LiteLLM style)', async () => {
    await start({ maxConcurrent: 1, latencyMs: 100, retryAfter: { none: true } });
    const res = await Promise.all([post(jsonSchemaBody), post(jsonSchemaBody)]);
    const refused = res.find((r) => r.status === 429);
    expect([refused?.headers.get('retry-after'), refused?.headers.get('retry-after-ms')]).toEqual([null, null]);
  });

  it('applies latency as a range', async () => {
    await start({ latencyMs: [40, 60] });
    const t0 = Date.now();
    await post(jsonSchemaBody);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(35);
  });

  it('lists models and 404s unknown routes', async () => {
    await start({ models: ['a', 'b'] });
    const list = (await (await fetch(`${server.url}/models`)).json()) as { data: Array<{ id: string }> };
    expect(list.data.map((m) => m.id)).toEqual(['a', 'b']);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });

  it('records headers and bodies of every request', async () => {
    await start();
    await post(jsonSchemaBody);
    expect(server.stats.seen[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', headers: { authorization: 'Bearer k' } });
    expect(JSON.parse(server.stats.seen[0]?.body ?? '')).toEqual(jsonSchemaBody);
  });
});

describe('startMockServer faults', () => {
  const one = async (fault: FaultKind) => {
    await start({ faultRate: 1, faults: [fault], retryAfter: { seconds: 3, ms: 3000 } });
    return post(jsonSchemaBody, { signal: AbortSignal.timeout(300) });
  };

  it('429 carries Retry-After and retry-after-ms', async () => {
    const res = await one('rate_limit');
    expect(res.status).toBe(429);
    expect([res.headers.get('retry-after'), res.headers.get('retry-after-ms')]).toEqual(['3', '3000']);
  });
  it.each([['server_error', 500], ['unavailable', 503]] as const)('%s answers %i', async (fault, status) => {
    expect((await one(fault)).status).toBe(status);
  });
  it('html_502 answers an HTML page', async () => {
    const res = await one('html_502');
    expect([res.status, res.headers.get('content-type')]).toEqual([502, 'text/html']);
    expect(await res.text()).toMatch(/<h1>502 Bad Gateway<\/h1>/);
  });
  it('reset destroys the socket', async () => {
    await expect(one('reset')).rejects.toThrow();
    expect(server.stats.byStatus.reset).toBe(1);
  });
  it('hang never answers', async () => {
    await expect(one('hang')).rejects.toThrow(/abort|timeout/i);
  });
  it('headers_then_hang sends 200 headers then stalls the body', async () => {
    const res = await one('headers_then_hang');
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });
  it('fenced and prose wrap valid JSON', async () => {
    expect((await content(await one('fenced'))).content).toMatch(/^```json\n\{[\s\S]*\}\n```$/);
    await server.close();
    const prose = (await content(await one('prose'))).content;
    expect(prose).toMatch(/^Here are the labels/);
    checkAnswer(JSON.parse(prose.slice(prose.indexOf('{'), prose.lastIndexOf('}') + 1)) as Answer);
  });
  it('truncated cuts the JSON and says finish_reason length', async () => {
    const c = await content(await one('truncated'));
    expect(c.finish).toBe('length');
    expect(() => JSON.parse(c.content)).toThrow();
  });
  it('non_json, empty and near_miss', async () => {
    expect((await content(await one('non_json'))).content).not.toMatch(/\{/);
    await server.close();
    expect(await content(await one('empty'))).toMatchObject({ content: '', finish: 'stop' });
    await server.close();
    const a = JSON.parse((await content(await one('near_miss'))).content) as Answer;
    expect(['Build', 'Debug', 'Code Review']).toContain(a.intent.tags[0]);
    expect(server.stats.faults).toEqual({ near_miss: 1 });
  });
  it('draws faults at roughly the configured rate', async () => {
    await start({ faultRate: 0.3, faults: ['server_error'], seed: 3 });
    const res = await Promise.all(Array.from({ length: 200 }, () => post(jsonSchemaBody)));
    const errors = res.filter((r) => r.status === 500).length;
    expect(errors).toBeGreaterThan(30);
    expect(errors).toBeLessThan(90);
  });
  it('knows every fault it documents', () => {
    expect(FAULT_KINDS).toHaveLength(13);
  });
});
