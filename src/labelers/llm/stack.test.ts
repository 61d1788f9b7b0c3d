import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors/index.js';
import { AdaptiveLimiter, limiterPolicy, overloadWithoutPause, parseModelRegistry } from '../../llm/index.js';
import { startMockServer, type MockServer } from '../../mock/index.js';
import { buildClientStack } from './stack.js';

const registry = parseModelRegistry(
  'version: 1\nmodels:\n  reasoner: {tier: strong, provider: openai, model: r-1, response_format: json_schema, prices: null, ' +
    'token_param: max_completion_tokens, send_temperature: false}\n',
  'models.yaml',
);
let server: MockServer | undefined;
afterEach(async () => server?.close());

const ask = { model: 'r-1', messages: [{ role: 'user' as const, content: 'x' }], temperature: 0.3, max_tokens: 9, response_format: { type: 'json_object' as const } };

describe('buildClientStack', () => {
  it('connects a listed model through the env endpoint with its wire options', async () => {
    server = await startMockServer();
    const env = { SFT_LABEL_BASE_URL: server.url, SFT_LABEL_API_KEY: 'sk-connect-test' };
    const { model, endpoint, client, limiter, cache } = await buildClientStack({ registry, modelId: 'reasoner', env, responseFormat: 'json_object' });
    expect(model).toMatchObject({ providerModel: 'r-1', responseFormat: 'json_object' });
    expect(endpoint).toMatchObject({ keySource: 'SFT_LABEL_API_KEY', urlSource: 'SFT_LABEL_BASE_URL' });
    expect({ limiter, cache }).toEqual({ limiter: null, cache: null });
    const r = await client.complete(ask);
    expect(r.attempts).toBe(1);
    const body = JSON.parse(server.stats.seen[0]?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'r-1', max_completion_tokens: 9 });
    expect('temperature' in body).toBe(false);
  });
  it('puts the endpoint limiter under the client and counts its requests', async () => {
    server = await startMockServer();
    const limiter = new AdaptiveLimiter({ policy: limiterPolicy(2), classify: overloadWithoutPause });
    const seen: string[] = [];
    const stack = await buildClientStack({
      registry,
      modelId: 'reasoner',
      env: {},
      baseUrl: server.url,
      limiter: (baseUrl) => (seen.push(baseUrl), limiter),
    });
    await stack.client.complete(ask);
    expect(seen).toEqual([server.url]);
    expect(stack.limiter).toBe(limiter);
    expect(stack.counters.requests).toBe(1);
  });
  it('accepts an unlisted id only with an explicit endpoint, naming the known ids otherwise', async () => {
    await expect(buildClientStack({ registry, modelId: 'reasoner2', env: {} })).rejects.toThrow(ConfigError);
    await expect(buildClientStack({ registry, modelId: 'reasoner2', env: {} })).rejects.toThrow(/reasoner/);
    const c = await buildClientStack({ registry, modelId: 'local-llama', env: {}, baseUrl: 'http://127.0.0.1:1/v1' });
    expect(c.model).toMatchObject({ known: false, responseFormat: 'json_object', prices: null });
    expect(c.endpoint.apiKey).toBeNull();
  });
  it('sends the registry extras directly, and the registry id without them through a gateway (LITELLM_BASE_URL, --gateway)', async () => {
    server = await startMockServer();
    const reg = parseModelRegistry(
      'version: 1\nmodels:\n  flash: {tier: mid, provider: deepseek, model: deepseek-flash, response_format: json_object, prices: null, ' +
        'extra_body: {thinking: {type: disabled}}, reasoning_effort: low}\n',
      'models.yaml',
    );
    const sent = async (options: Partial<Parameters<typeof buildClientStack>[0]>): Promise<Record<string, unknown>> => {
      const stack = await buildClientStack({ registry: reg, modelId: 'flash', env: {}, ...options });
      await stack.client.complete({ ...ask, model: stack.model.providerModel });
      return JSON.parse(server?.stats.seen.at(-1)?.body ?? '{}') as Record<string, unknown>;
    };
    expect(await sent({ env: { SFT_LABEL_BASE_URL: server.url } })).toMatchObject({ model: 'deepseek-flash', thinking: { type: 'disabled' }, reasoning_effort: 'low' });
    const viaProxy = await sent({ env: { LITELLM_BASE_URL: server.url } });
    expect(viaProxy).toMatchObject({ model: 'flash', reasoning_effort: 'low' });
    expect(viaProxy).not.toHaveProperty('thinking');
    expect(await sent({ env: { SFT_LABEL_BASE_URL: server.url }, gateway: true })).toMatchObject({ model: 'flash' });
  });
});
