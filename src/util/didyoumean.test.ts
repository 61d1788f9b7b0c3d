import { describe, expect, it } from 'vitest';
import { didYouMean, didYouMeanSuffix, editDistance } from './didyoumean.js';

describe('editDistance', () => {
  it('counts inserts, deletes and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('deepsek-v3.2', 'deepseek-v3.2')).toBe(1);
  });
});

describe('didYouMean', () => {
  const ids = ['deepseek-v3.2', 'deepseek-v3.1', 'gpt-5', 'gpt-4o-mini'];
  it('suggests the nearest ids first', () => {
    expect(didYouMean('deepsek-v3.2', ids)).toEqual(['deepseek-v3.2', 'deepseek-v3.1']);
    expect(didYouMean('GPT-5', ids)).toEqual(['gpt-5']);
  });
  it('suggests nothing for far-off input', () => {
    expect(didYouMean('llama-70b', ids)).toEqual([]);
  });
  it('respects maxDistance and limit', () => {
    expect(didYouMean('deepsek-v3.2', ids, { maxDistance: 1 })).toEqual(['deepseek-v3.2']);
    expect(didYouMean('deepseek-v3.3', ids, { limit: 1 })).toEqual(['deepseek-v3.2']);
  });
});

describe('didYouMeanSuffix', () => {
  it('formats one or several suggestions, or nothing', () => {
    expect(didYouMeanSuffix('gpt5', ['gpt-5'])).toBe(' (did you mean gpt-5?)');
    expect(didYouMeanSuffix('deepseek-v3', ['deepseek-v3.2', 'deepseek-v3.1'])).toBe(
      ' (did you mean deepseek-v3.2 or deepseek-v3.1?)',
    );
    expect(didYouMeanSuffix('zzz', ['gpt-5'])).toBe('');
  });
});
