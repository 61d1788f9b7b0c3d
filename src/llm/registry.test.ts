import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors/index.js';
import { checkModelRegistryText, loadModelRegistry, modelForEndpoint, parseModelRegistry, resolveModel } from './registry.js';

const BROKEN = fileURLToPath(new URL('./__fixtures__/broken-models.yaml', import.meta.url));

describe('loadModelRegistry', () => {
  it('loads the shipped models.yaml with the three tiers', () => {
    const reg = loadModelRegistry();
    const byTier = (t: string) => Object.keys(reg.models).filter((id) => reg.models[id]?.tier === t).sort();
    expect(byTier('strong')).toEqual(['claude-opus-4.5', 'deepseek-v4-pro', 'gemini-2.5-pro', 'gpt-5']);
    expect(byTier('mid')).toEqual(['claude-sonnet-4.6', 'deepseek-v3.2', 'deepseek-v4-flash', 'qwen3-235b']);
    expect(byTier('light')).toEqual(['deepseek-v3.1', 'gpt-4o-mini', 'o4-mini']);
    for (const [id, m] of Object.entries(reg.models)) if (m.provider === 'deepseek') expect(m.response_format, id).toBe('json_object');
    expect(resolveModel(reg, 'gpt-5')).toMatchObject({ tokenParam: 'max_completion_tokens', sendTemperature: false });
    expect(resolveModel(reg, 'deepseek-v3.2')).toMatchObject({ tokenParam: 'max_tokens', sendTemperature: true });
    expect(reg.models['deepseek-v3.2']?.prices).toMatchObject({ input: 0.28, cached_input: 0.028, output: 0.42 });
  });
  it('lists every problem of a broken file with file:line', () => {
    let err: unknown;
    try {
      loadModelRegistry({ path: BROKEN });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    const expectLine = (re: RegExp, line: number) =>
      expect(problems.find((p) => re.test(p)), `${re} in\n${problems.join('\n')}`).toContain(`broken-models.yaml:${line}:`);
    expectLine(/models\.bad-tier\.tier/, 10);
    expectLine(/models\.deepseek-strict\.prices\.input/, 20);
    expectLine(/models\.deepseek-strict\.prices\.as_of/, 20);
    expectLine(/deepseek-strict\.response_format: DeepSeek rejects/, 19);
    expectLine(/leaky\.model: looks like an API key/, 24);
    expect(problems.some((p) => /leaky/.test(p) && /api_key/.test(p))).toBe(true);
    expect(problems.length).toBeGreaterThanOrEqual(6);
  });
  it('reports a missing file as a ConfigError', () => {
    expect(() => loadModelRegistry({ path: '/nonexistent/models.yaml' })).toThrow(ConfigError);
  });
  it('reports YAML syntax errors with a line', () => {
    expect(checkModelRegistryText('version: 1\nmodels: [\n', 'm.yaml')[0]).toMatch(/^m\.yaml:\d+:\d+: /);
  });
});

describe('resolveModel', () => {
  const reg = parseModelRegistry(
    'version: 1\nmodels:\n  deepseek-v3.2: {tier: mid, provider: deepseek, model: deepseek-chat, response_format: json_object, ' +
      'prices: {input: 0.28, cached_input: 0.028, output: 0.42, as_of: "2025-12", source: s}}\n',
    'models.yaml',
  );
  it('resolves a listed id and applies the --response-format override', () => {
    expect(resolveModel(reg, 'deepseek-v3.2')).toMatchObject({ known: true, providerModel: 'deepseek-chat', responseFormat: 'json_object' });
    expect(resolveModel(reg, 'deepseek-v3.2', { responseFormat: 'json_schema' }).responseFormat).toBe('json_schema');
  });
  it('rejects an unlisted id without an explicit endpoint, suggesting near misses', () => {
    expect(() => resolveModel(reg, 'deepsek-v3.2')).toThrow(/unknown model "deepsek-v3.2" \(did you mean deepseek-v3.2\?\)/);
  });
  it('accepts an unlisted id with an explicit endpoint: json_object, no price', () => {
    const m = resolveModel(reg, 'my-vllm-model', { allowUnknown: true });
    expect(m).toMatchObject({ known: false, providerModel: 'my-vllm-model', responseFormat: 'json_object', prices: null });
    expect(m.warning).toBeUndefined();
    expect(resolveModel(reg, 'deepseek-v3.3', { allowUnknown: true }).warning).toMatch(/did you mean deepseek-v3.2/);
  });
});

describe('models.yaml for today\'s providers (2026-12-04)', () => {
  const reg = loadModelRegistry();
  it('sends DeepSeek V4 its current names with thinking off, never the retired deepseek-chat', () => {
    expect(resolveModel(reg, 'deepseek-v4-flash')).toMatchObject({
      providerModel: 'deepseek-flash',
      responseFormat: 'json_object',
      extraBody: { thinking: { type: 'disabled' } },
      reasoning: false,
    });
    expect(resolveModel(reg, 'deepseek-v4-pro')).toMatchObject({ providerModel: 'deepseek-v4-pro', extraBody: { thinking: { type: 'disabled' } } });
    for (const m of Object.values(reg.models)) expect(m.model).not.toMatch(/^deepseek-(chat|reasoner)$/);
    expect(reg.models['deepseek-v4-flash']?.prices?.off_peak).toMatchObject({ input: 0.15, output: 0.6 });
  });
  it('gives Qwen3 enable_thinking false and the reasoning models their budget parameter and effort', () => {
    expect(resolveModel(reg, 'qwen3-235b').extraBody).toEqual({ enable_thinking: false });
    for (const id of ['gpt-5', 'o4-mini'])
      expect(resolveModel(reg, id)).toMatchObject({ tokenParam: 'max_completion_tokens', sendTemperature: false, reasoning: true, reasoningEffort: 'low' });
    expect(resolveModel(reg, 'claude-sonnet-4.6').minCachePrefixTokens).toBe(1024);
    expect(resolveModel(reg, 'claude-opus-4.5').minCachePrefixTokens).toBe(4096);
  });
  it('gives unlisted ids that look like OpenAI reasoning models the reasoning defaults', () => {
    for (const id of ['o1', 'o3-mini', 'o4-mini-2025-04-16', 'gpt-5-mini', 'gpt-5.1', 'openai/o3'])
      expect(resolveModel(reg, id, { allowUnknown: true }), id).toMatchObject({ known: false, tokenParam: 'max_completion_tokens', sendTemperature: false, reasoning: true });
    for (const id of ['gpt-4.1', 'llama-3-70b', 'photo-model'])
      expect(resolveModel(reg, id, { allowUnknown: true }), id).toMatchObject({ tokenParam: 'max_tokens', sendTemperature: true, reasoning: false });
  });
});

describe('checkModelRegistryText (retired names)', () => {
  it("flags DeepSeek's retired names on DeepSeek's own URL only", () => {
    const entry = (url: string) =>
      `version: 1\nmodels:\n  old:\n    tier: mid\n    provider: deepseek\n    model: deepseek-chat\n    response_format: json_object\n    prices: null\n    base_url: ${url}\n`;
    expect(checkModelRegistryText(entry('https://api.deepseek.com'), 'm.yaml')).toEqual([
      'm.yaml:6: models.old.model: DeepSeek retired "deepseek-chat" on 2026-07-24 (400 "Model Not Exist"); use deepseek-flash or deepseek-v4-pro',
    ]);
    expect(checkModelRegistryText(entry('http://litellm.internal:4000'), 'm.yaml')).toEqual([]);
  });
});

describe('modelForEndpoint', () => {
  const reg = loadModelRegistry();
  it('names the model by its registry id and drops provider extras through a gateway', () => {
    const direct = resolveModel(reg, 'deepseek-v4-flash');
    expect(modelForEndpoint(direct, { gateway: false })).toBe(direct);
    const viaProxy = modelForEndpoint(direct, { gateway: true });
    expect(viaProxy).toMatchObject({ providerModel: 'deepseek-v4-flash', extraBody: {}, gateway: true, responseFormat: 'json_object' });
    expect(modelForEndpoint(resolveModel(reg, 'deepseek-v3.2'), { gateway: true }).providerModel).toBe('deepseek-v3.2');
    // OpenAI-standard fields stay: the proxy maps them itself.
    expect(modelForEndpoint(resolveModel(reg, 'gpt-5'), { gateway: true })).toMatchObject({ tokenParam: 'max_completion_tokens', reasoningEffort: 'low' });
  });
});
