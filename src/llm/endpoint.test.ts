import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { resolveEndpoint } from './endpoint.js';

const model = { baseUrl: 'https://api.deepseek.com', apiKeyEnv: 'DEEPSEEK_API_KEY' };

describe('resolveEndpoint', () => {
  it('prefers SFT_LABEL_* over OPENAI_* over LITELLM_*', () => {
    const env = {
      SFT_LABEL_BASE_URL: 'http://proxy:4000/',
      SFT_LABEL_API_KEY: 'k1',
      OPENAI_BASE_URL: 'http://o',
      OPENAI_API_KEY: 'k2',
      LITELLM_BASE_URL: 'http://l',
      LITELLM_API_KEY: 'k3',
    };
    expect(resolveEndpoint({ env })).toMatchObject({ baseUrl: 'http://proxy:4000', apiKey: 'k1', keySource: 'SFT_LABEL_API_KEY' });
    const { SFT_LABEL_BASE_URL: _a, SFT_LABEL_API_KEY: _b, ...rest } = env;
    expect(resolveEndpoint({ env: rest })).toMatchObject({ baseUrl: 'http://o', keySource: 'OPENAI_API_KEY', urlSource: 'OPENAI_BASE_URL' });
    expect(resolveEndpoint({ env: { LITELLM_BASE_URL: 'http://l', LITELLM_API_KEY: 'k3' } })).toMatchObject({
      baseUrl: 'http://l',
      keySource: 'LITELLM_API_KEY',
    });
  });
  it('pairs the key with the URL family before falling back', () => {
    const env = { LITELLM_BASE_URL: 'http://l', LITELLM_API_KEY: 'k3', OPENAI_API_KEY: 'k2' };
    expect(resolveEndpoint({ env }).keySource).toBe('LITELLM_API_KEY');
    expect(resolveEndpoint({ env: { LITELLM_BASE_URL: 'http://l', OPENAI_API_KEY: 'k2' } }).keySource).toBe('OPENAI_API_KEY');
  });
  it('lets --base-url override the env URL but not supply a key', () => {
    const env = { SFT_LABEL_BASE_URL: 'http://a', SFT_LABEL_API_KEY: 'k1' };
    expect(resolveEndpoint({ env, baseUrl: 'http://127.0.0.1:9/v1' })).toMatchObject({
      baseUrl: 'http://127.0.0.1:9/v1',
      urlSource: '--base-url',
      keySource: 'SFT_LABEL_API_KEY',
      explicit: true,
    });
  });
  it("falls back to the model's registry URL and key variable", () => {
    const r = resolveEndpoint({ env: { DEEPSEEK_API_KEY: 'dk', OPENAI_API_KEY: 'ok' }, model });
    expect(r).toMatchObject({ baseUrl: 'https://api.deepseek.com', apiKey: 'dk', keySource: 'DEEPSEEK_API_KEY', explicit: false });
  });
  it("never sends the model's key variable to a user-chosen URL", () => {
    const r = resolveEndpoint({ env: { SFT_LABEL_BASE_URL: 'http://proxy', DEEPSEEK_API_KEY: 'dk' }, model });
    expect(r).toMatchObject({ apiKey: null, keySource: null });
  });
  it('fails without any URL, and on a non-http URL, without echoing keys', () => {
    expect(() => resolveEndpoint({ env: { OPENAI_API_KEY: 'secret-key' } })).toThrow(ConfigError);
    try {
      resolveEndpoint({ env: { SFT_LABEL_BASE_URL: 'ftp://x', SFT_LABEL_API_KEY: 'secret-key' } });
    } catch (e) {
      expect((e as Error).message).toMatch(/SFT_LABEL_BASE_URL is not an http/);
      expect((e as Error).message).not.toContain('secret-key');
    }
  });
});

describe('resolveEndpoint gateway mode', () => {
  it('is on for LITELLM_BASE_URL (the seed proxy) and off for the other variables and the registry URL', () => {
    expect(resolveEndpoint({ env: { LITELLM_BASE_URL: 'http://l' } }).gateway).toBe(true);
    expect(resolveEndpoint({ env: { SFT_LABEL_BASE_URL: 'http://s' } }).gateway).toBe(false);
    expect(resolveEndpoint({ env: { OPENAI_BASE_URL: 'http://o' } }).gateway).toBe(false);
    expect(resolveEndpoint({ env: {}, model }).gateway).toBe(false);
  });
  it('is forced on or off by SFT_LABEL_GATEWAY, and by the --gateway flag over both', () => {
    expect(resolveEndpoint({ env: { SFT_LABEL_BASE_URL: 'https://openrouter.ai/api/v1', SFT_LABEL_GATEWAY: '1' } }).gateway).toBe(true);
    expect(resolveEndpoint({ env: { LITELLM_BASE_URL: 'http://l', SFT_LABEL_GATEWAY: '0' } }).gateway).toBe(false);
    expect(resolveEndpoint({ env: { SFT_LABEL_BASE_URL: 'http://s' }, gateway: true }).gateway).toBe(true);
    expect(resolveEndpoint({ env: { LITELLM_BASE_URL: 'http://l', SFT_LABEL_GATEWAY: '1' }, gateway: false }).gateway).toBe(false);
  });
});
