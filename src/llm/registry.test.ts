import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors/index.js';
import { checkModelRegistryText, loadModelRegistry, parseModelRegistry, resolveModel } from './registry.js';

const BROKEN = fileURLToPath(new URL('./__fixtures__/broken-models.yaml', import.meta.url));

describe('loadModelRegistry', () => {
  it('loads the shipped models.yaml with the three tiers', () => {
    const reg = loadModelRegistry();
    const byTier = (t: string) => Object.keys(reg.models).filter((id) => reg.models[id]?.tier === t).sort();
    expect(byTier('strong')).toEqual(['claude-opus-4.5', 'gemini-2.5-pro', 'gpt-5']);
    expect(byTier('mid')).toEqual(['claude-sonnet-4.6', 'deepseek-v3.2', 'qwen3-235b']);
    expect(byTier('light')).toEqual(['deepseek-v3.1', 'gpt-4o-mini']);
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
