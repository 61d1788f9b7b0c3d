import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { startMockServer, type MockServer } from '../mock/index.js';
import { connectModel } from './connect.js';
import { parseModelRegistry } from './registry.js';

const registry = parseModelRegistry(
  'version: 1\nmodels:\n  reasoner: {tier: strong, provider: openai, model: r-1, response_format: json_schema, prices: null, ' +
    'token_param: max_completion_tokens, send_temperature: false}\n',
  'models.yaml',
);
let server: MockServer | undefined;
afterEach(async () => server?.close());

describe('connectModel', () => {
  it('connects a listed model through the env endpoint with its wire options', async () => {
    server = await startMockServer();
    const env = { SFT_LABEL_BASE_URL: server.url, SFT_LABEL_API_KEY: 'sk-connect-test' };
    const { model, endpoint, client } = connectModel({ registry, modelId: 'reasoner', env, responseFormat: 'json_object' });
    expect(model).toMatchObject({ providerModel: 'r-1', responseFormat: 'json_object' });
    expect(endpoint).toMatchObject({ keySource: 'SFT_LABEL_API_KEY', urlSource: 'SFT_LABEL_BASE_URL' });
    const r = await client.complete({ model: model.providerModel, messages: [{ role: 'user', content: 'x' }], temperature: 0.3, max_tokens: 9, response_format: { type: 'json_object' } });
    expect(r.attempts).toBe(1);
    const body = JSON.parse(server.stats.seen[0]?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'r-1', max_completion_tokens: 9 });
    expect('temperature' in body).toBe(false);
  });
  it('accepts an unlisted id only with an explicit endpoint', () => {
    expect(() => connectModel({ registry, modelId: 'local-llama', env: {} })).toThrow(ConfigError);
    const c = connectModel({ registry, modelId: 'local-llama', env: {}, baseUrl: 'http://127.0.0.1:1/v1' });
    expect(c.model).toMatchObject({ known: false, responseFormat: 'json_object', prices: null });
    expect(c.endpoint.apiKey).toBeNull();
  });
});
