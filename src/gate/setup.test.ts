import { describe, expect, it } from 'vitest';
import type { Experiment } from '../runner/index.js';
import { apiKeyVariable, defaultCiCacheMode } from './setup.js';

const exp = (models: Experiment['matrix']['models']) => ({ matrix: { models, prompts: ['v1'] } }) as unknown as Experiment;

describe('apiKeyVariable', () => {
  it('names the first key variable the experiment could use, never for rules alone', () => {
    const opts = (env: Record<string, string>) => ({ experimentFile: 'x', env });
    expect(apiKeyVariable(exp(['rules']), opts({ SFT_LABEL_API_KEY: 'k' }))).toBeNull();
    expect(apiKeyVariable(exp(['deepseek-v3.2']), opts({}))).toBeNull();
    expect(apiKeyVariable(exp(['deepseek-v4-flash']), opts({ DEEPSEEK_API_KEY: 'k' }))).toBe('DEEPSEEK_API_KEY');
    expect(apiKeyVariable(exp(['deepseek-v3.2']), opts({ LITELLM_API_KEY: ' ', OPENAI_API_KEY: 'k' }))).toBe('OPENAI_API_KEY');
    expect(apiKeyVariable(exp([{ id: 'local', api_key_env: 'MY_KEY' }]), opts({ MY_KEY: 'k' }))).toBe('MY_KEY');
  });
});

describe('defaultCiCacheMode', () => {
  it('replays read-only without a key and fills the cache with one', () => {
    expect(defaultCiCacheMode(null)).toBe('read-only');
    expect(defaultCiCacheMode('SFT_LABEL_API_KEY')).toBe('read-write');
  });
});
