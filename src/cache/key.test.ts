import { describe, expect, it } from 'vitest';
import { request } from './__fixtures__/fake-client.js';
import { CACHE_KEY_VERSION, cacheKey, cacheKeyMaterial, normaliseEndpoint } from './key.js';

const EP = 'https://api.example.com/v1';

describe('cacheKey', () => {
  it('is a 64-hex sha256, identical for equal requests whatever the key order', () => {
    const a = cacheKey(EP, request());
    const reordered = JSON.parse(JSON.stringify({ ...request(), model: undefined })) as Record<string, unknown>;
    const b = cacheKey(EP, { response_format: { type: 'json_object' }, ...reordered, model: 'deepseek-chat' } as never);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
  });

  it('is pinned: a change of key material is a deliberate CACHE_KEY_VERSION bump, not an accident', () => {
    // If this fails, every committed cache entry stops matching: bump CACHE_KEY_VERSION and update this value.
    expect(CACHE_KEY_VERSION).toBe(1);
    expect(cacheKey(EP, request())).toBe('27f01c994d258c383a7c37393bf7f2b71367f756410d93413b5b533ef64d87a7');
  });

  it('changes with every field that can change the answer', () => {
    const base = cacheKey(EP, request());
    const variants = [
      cacheKey('https://other.example.com/v1', request()),
      cacheKey(EP, request({ model: 'deepseek-reasoner' })),
      cacheKey(EP, request({ temperature: 0.3 })),
      cacheKey(EP, request({ max_tokens: 4096 })),
      cacheKey(EP, request({ sample_index: 1 })),
      cacheKey(EP, request({ response_format: { type: 'json_schema', json_schema: { name: 'l', strict: true, schema: {} } } })),
      cacheKey(EP, request({ messages: [{ role: 'user', content: 'sample s-2' }] })),
      cacheKey(EP, request({ messages: [{ role: 'system', content: 'sample s-1: write a python function' }] })),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('changes with the request extras that change the answer; without extras the key is the pinned one', () => {
    const base = cacheKey(EP, request());
    expect(cacheKey(EP, request(), {})).toBe(base);
    expect(cacheKey(EP, request(), { tokenParam: 'max_completion_tokens', extraBody: {}, reasoningEffort: null, sendTemperature: true })).toBe(base);
    const variants = [
      cacheKey(EP, request(), { extraBody: { thinking: { type: 'disabled' } } }),
      cacheKey(EP, request(), { extraBody: { thinking: { type: 'enabled' } } }),
      cacheKey(EP, request(), { reasoningEffort: 'low' }),
      cacheKey(EP, request(), { reasoningEffort: 'high' }),
      cacheKey(EP, request(), { sendTemperature: false }),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('treats a missing sample_index as repeat 0', () => {
    expect(cacheKey(EP, request({ sample_index: 0 }))).toBe(cacheKey(EP, request()));
  });

  it('never includes secrets, timeouts, retry settings or descriptions, even when attached to the request', () => {
    const secret = 'sk-test-SECRET-0123456789abcdef';
    const polluted = { ...request(), api_key: secret, apiKey: secret, headers: { authorization: `Bearer ${secret}` }, timeout: 5, maxRetries: 9, describe: 's-1' };
    expect(cacheKey(EP, polluted as never)).toBe(cacheKey(EP, request()));
    const material = JSON.stringify(cacheKeyMaterial(`https://user:${secret}@api.example.com/v1?api-key=${secret}`, polluted as never));
    expect(material).not.toContain(secret);
    expect(Object.keys(cacheKeyMaterial(EP, polluted as never)).sort()).toEqual(
      ['endpoint', 'key_version', 'max_tokens', 'messages', 'model', 'response_format', 'sample_index', 'temperature'],
    );
  });
});

describe('normaliseEndpoint', () => {
  it('drops credentials, secret query parameters and trailing slashes', () => {
    expect(normaliseEndpoint('https://u:p@api.example.com/v1/')).toBe('https://api.example.com/v1');
    expect(normaliseEndpoint('https://x.openai.azure.com/openai?api-key=abc&api-version=2024')).toBe('https://x.openai.azure.com/openai?api-version=2024');
    expect(normaliseEndpoint('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(normaliseEndpoint('not a url/')).toBe('not a url');
  });
});
