import { describe, expect, it } from 'vitest';
import { PrefixCacheModel, promptSegments, type PromptSegment } from './prefix-cache.js';

const seg = (key: string, tokens: number): PromptSegment => ({ key, tokens });

describe('PrefixCacheModel', () => {
  it('serves the longest run of leading segments an earlier request sent', () => {
    const cache = new PrefixCacheModel(100);
    const [sys, u1, a1, u2, other] = [seg('sys', 1000), seg('u1', 500), seg('a1', 50), seg('u2', 80), seg('other', 400)];
    expect(cache.send([sys, u1])).toBe(0);
    // A follow-up turn: all of the first request is a prefix of it.
    expect(cache.send([sys, u1, a1, u2])).toBe(1500);
    // Another sample: only the system message is shared.
    expect(cache.send([sys, other])).toBe(1000);
    // A re-ask repeats the request: all of it.
    expect(cache.send([sys, u1, a1, u2])).toBe(1630);
  });

  it('caches nothing below the minimum and nothing that differs at the first segment', () => {
    const cache = new PrefixCacheModel(1024);
    cache.send([seg('small', 500), seg('x', 10)]);
    expect(cache.send([seg('small', 500), seg('y', 10)])).toBe(0);
    cache.send([seg('schema-1', 800), seg('sys', 5000)]);
    expect(cache.send([seg('schema-2', 800), seg('sys', 5000)])).toBe(0);
  });
});

describe('promptSegments', () => {
  it('puts a json_schema response format ahead of the messages', () => {
    const tokens = (s: string): number => s.length;
    const segments = promptSegments(
      {
        messages: [
          { role: 'system', content: 'abc' },
          { role: 'user', content: 'de' },
        ],
        response_format: { type: 'json_schema', json_schema: { name: 'x', strict: true, schema: { a: 1 } } },
      },
      tokens,
      4,
    );
    expect(segments.map((s) => s.tokens)).toEqual([7, 7, 6]);
    expect(segments[1]?.key).not.toBe(promptSegments({ messages: [{ role: 'user', content: 'abc' }], response_format: { type: 'json_object' } }, tokens, 4)[0]?.key);
  });
});
