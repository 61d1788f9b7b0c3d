import { describe, expect, it } from 'vitest';
import { createChatBodyEncoder, type ChatBody } from './body.js';

const system = `You label code conversations.\n${'Tags: build, debug, explain — «quoted» "double" \\ back\tslash. '.repeat(200)}`;
const bodies: ChatBody[] = [
  {
    model: 'deepseek-chat',
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: 'Sample:\n```py\nprint("héllo 😀")\n```\nlone surrogate: \ud800 end' },
    ],
    temperature: 0,
    response_format: { type: 'json_schema', json_schema: { name: 'sft_label_call1', strict: true, schema: { type: 'object', enum: ['a', 'b'] } } },
    max_tokens: 1024,
  },
  { model: 'm', messages: [], temperature: undefined, max_completion_tokens: 5 },
  { model: 'm', messages: [{ role: 'user', content: '' }] },
];

describe('createChatBodyEncoder', () => {
  it.each(bodies.map((b, i) => [i, b] as const))('body %i: the same bytes as JSON.stringify', (_i, body) => {
    const encoder = createChatBodyEncoder();
    const bytes = encoder.encode(body);
    expect(bytes.toString('utf8')).toBe(JSON.stringify(body));
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(JSON.parse(JSON.stringify(body)));
    // Encoding twice (the second time from the cached system message) gives the same bytes again.
    expect(encoder.encode(body).equals(bytes)).toBe(true);
  });

  it('encodes a system message once and reuses its bytes; user messages are never kept', () => {
    const encoder = createChatBodyEncoder();
    const spy = { calls: 0 };
    const original = JSON.stringify;
    JSON.stringify = ((...args: Parameters<typeof JSON.stringify>) => {
      if ((args[0] as { role?: string } | null)?.role === 'system') spy.calls++;
      return original(...args);
    }) as typeof JSON.stringify;
    try {
      for (let i = 0; i < 5; i++) encoder.encode({ model: 'm', messages: [{ role: 'system', content: system }, { role: 'user', content: `sample ${i}` }] });
    } finally {
      JSON.stringify = original;
    }
    expect(spy.calls).toBe(1);
  });

  it('keeps at most maxCachedSystems system messages and still encodes evicted ones correctly', () => {
    const encoder = createChatBodyEncoder({ maxCachedSystems: 2 });
    const systems = ['one', 'two', 'three', 'one'].map((s) => `${s} ${system}`);
    for (const content of systems) {
      const body: ChatBody = { model: 'm', messages: [{ role: 'system', content }] };
      expect(encoder.encode(body).toString('utf8')).toBe(JSON.stringify(body));
    }
  });

  it('does not reuse a cached system message for a message with extra fields', () => {
    const encoder = createChatBodyEncoder();
    encoder.encode({ model: 'm', messages: [{ role: 'system', content: system }] });
    const withName = { model: 'm', messages: [{ role: 'system', content: system, name: 'x' } as never] } satisfies ChatBody;
    expect(encoder.encode(withName).toString('utf8')).toBe(JSON.stringify(withName));
  });
});
