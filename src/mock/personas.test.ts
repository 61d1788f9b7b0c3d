import { afterEach, describe, expect, it } from 'vitest';
import { portableJsonSchema } from '../prompts/answer.js';
import { startMockServer, type MockServer } from './server.js';
import type { PersonaName } from './personas.js';

const full = {
  type: 'object',
  properties: {
    tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 1, maxItems: 1 },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
  },
  required: ['tags', 'confidence'],
  additionalProperties: false,
};
let mock: MockServer | null = null;
afterEach(async () => {
  await mock?.close();
  mock = null;
});

async function send(persona: PersonaName, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, any> }> {
  mock ??= await startMockServer({ persona });
  const res = await fetch(`${mock.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Answer in JSON.' }], max_tokens: 2048, ...body }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}
const schemaFormat = (schema: object) => ({ type: 'json_schema', json_schema: { name: 's', strict: true, schema } });

describe('personas', () => {
  it('deepseek: retired names and json_schema are refused; thinking is on unless disabled; legacy name served as deepseek-flash', async () => {
    expect((await send('deepseek', { model: 'deepseek-chat', response_format: { type: 'json_object' } })).json.error.message).toBe('Model Not Exist');
    expect((await send('deepseek', { model: 'deepseek-flash', response_format: schemaFormat(full) })).status).toBe(400);
    const thinking = await send('deepseek', { model: 'deepseek-v4-flash', response_format: { type: 'json_object' } });
    expect(thinking.json.model).toBe('deepseek-flash');
    expect(thinking.json.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    const off = await send('deepseek', { model: 'deepseek-flash', response_format: { type: 'json_object' }, thinking: { type: 'disabled' } });
    expect(off.json.usage.completion_tokens_details.reasoning_tokens).toBe(0);
    expect(off.json.usage.prompt_cache_hit_tokens).toBeDefined();
  });
  it('anthropic: the full schema is 400, its portable form answers', async () => {
    const refused = await send('anthropic', { model: 'claude-sonnet-4-6', response_format: schemaFormat(full) });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/^output_config\.format\.schema\.properties\.tags: .*maxItems is not supported/);
    expect((await send('anthropic', { model: 'claude-sonnet-4-6', response_format: schemaFormat(portableJsonSchema(full)) })).status).toBe(200);
  });
  it('openai-reasoning: max_tokens and temperature refused for gpt-5, accepted for other models', async () => {
    expect((await send('openai-reasoning', { model: 'gpt-5' })).json.error.code).toBe('unsupported_parameter');
    // undefined drops max_tokens from the JSON body
    expect((await send('openai-reasoning', { model: 'gpt-5', max_tokens: undefined, max_completion_tokens: 4000, temperature: 0 })).json.error.code).toBe('unsupported_value');
    expect((await send('openai-reasoning', { model: 'gpt-4o-mini', temperature: 0 })).status).toBe(200);
  });
  it('litellm: unknown model_names refused; answers name the routed deployment with cost headers', async () => {
    expect((await send('litellm', { model: 'deepseek-chat' })).json.error.message).toMatch(/Invalid model name passed in model=deepseek-chat/);
    const ok = await send('litellm', { model: 'deepseek-v3.2' });
    expect(ok.json.model).toBe('deepseek/deepseek-v4-flash');
  });
  it('dashscope-qwen3: needs enable_thinking false on non-streaming calls', async () => {
    expect((await send('dashscope-qwen3', { model: 'qwen3-235b-a22b', response_format: { type: 'json_object' } })).status).toBe(400);
    expect((await send('dashscope-qwen3', { model: 'qwen3-235b-a22b', response_format: { type: 'json_object' }, enable_thinking: false })).status).toBe(200);
  });
});
