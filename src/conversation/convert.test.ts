import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { toConversation } from './convert.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`./__fixtures__/formats/${name}`, import.meta.url)), 'utf8'));
const jsonlLine = (name: string, n: number): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`./__fixtures__/formats/${name}`, import.meta.url)), 'utf8').split('\n')[n] ?? '');
const at = (list: unknown, i: number): unknown => (list as unknown[])[i];
const roles = (c: { turns: { role: string }[] }): string => c.turns.map((t) => t.role[0]).join('');

describe('toConversation', () => {
  it('maps glaive ShareGPT: function_call -> assistant with a structured call, observation -> tool, tools decoded', () => {
    const conv = toConversation(at(fixture('llamafactory_glaive_toolcall_en_demo.subset.json'), 40), { index: 40 });
    expect(roles(conv)).toBe('uauata');
    const call = conv.turns[3];
    expect(call?.source_role).toBe('function_call');
    expect(call?.content).toBe('');
    expect(call?.tool_calls).toEqual([{ name: 'generate_password', arguments: '{"length":12}' }]);
    expect(conv.turns[4]?.source_role).toBe('observation');
    expect(conv.tools).toHaveLength(1);
    expect((conv.tools[0] as { name: string }).name).toBe('generate_password');
  });

  it('decodes glaive code records\' tools "[]" to no tools', () => {
    const conv = toConversation(at(fixture('llamafactory_glaive_toolcall_en_demo.subset.json'), 0), { index: 0 });
    expect(conv.tools).toEqual([]);
    expect(conv.turns.every((t) => !t.tool_calls)).toBe(true);
  });

  it('keeps ADP function_call prose + XML as assistant text (not JSON) and puts the top-level system first', () => {
    const conv = toConversation(at(fixture('adp_code_feedback.sample_sft.subset.json'), 0), { index: 0 });
    expect(roles(conv)).toBe('suauauaua');
    expect(conv.turns[0]?.content).toMatch(/^You are OpenHands agent/);
    expect(conv.turns[2]?.tool_calls).toBeUndefined();
    expect(conv.turns[8]?.content).toMatch(/^<function=finish>/);
    expect(conv.id).toBe('13461');
  });

  it('reads LLaMA-Factory v1 parts: reasoning apart, tool_call parts as calls, batched tool results as tool', () => {
    const conv = toConversation(jsonlLine('llamafactory_reason_tool_use_demo_50.subset.jsonl', 1), { index: 1 });
    const assistant = conv.turns[2];
    expect(assistant?.role).toBe('assistant');
    expect(assistant?.reasoning).toMatch(/^Alright, the user wants/);
    expect(assistant?.tool_calls).toEqual([{ name: 'get_movie_details', arguments: '{"title":"Inception"}' }]);
    expect(conv.turns[3]?.role).toBe('tool');
    expect(conv.turns[3]?.content).toMatch(/Christopher Nolan/);
  });

  it('reads xtuner object arguments, reasoning_content and multimodal parts', () => {
    const withTools = toConversation(jsonlLine('xtuner_qwen35_tokenize_data.jsonl', 7), { index: 7 });
    expect(withTools.turns[2]?.tool_calls).toEqual([{ name: 'get_weather', arguments: '{"location":"Boston"}', id: 'call_123' }]);
    expect(withTools.turns[4]?.reasoning).toBe('这是 reasoning_content 内容');
    const video = toConversation(jsonlLine('xtuner_qwen35_tokenize_data.jsonl', 13), { index: 13 });
    expect(video.turns[1]?.content).toBe('[video]\n请描述这个视频的主要内容，并分析其中的关键事件。');
  });

  it('reads functionary: id-less calls, raw python arguments, null content, named tool turns', () => {
    const conv = toConversation(fixture('functionary_test_case.json'), { index: 0 });
    const python = conv.turns.find((t) => t.tool_calls?.[0]?.name === 'python');
    expect(python?.tool_calls?.[0]?.arguments).toMatch(/^l=\[int\('0'\)/);
    expect(conv.turns.filter((t) => t.role === 'tool').map((t) => t.name)).toContain('python');
    expect(conv.turns.find((t) => t.tool_calls?.[0]?.name === 'get_weather')?.content).toBe('');
    expect(conv.tools).toHaveLength(3);
  });

  it('reads Alpaca with `response` and joins a non-empty input to the instruction', () => {
    const rec = at(fixture('gpteacher_codegen_instruct.subset.json'), 0) as { instruction: string; input: string };
    const conv = toConversation(rec, { index: 0 });
    expect(conv.format).toBe('alpaca');
    expect(conv.turns[0]?.content).toBe(`${rec.instruction}\n\n${rec.input}`);
    expect(conv.turns[1]?.source_role).toBe('response');
    expect(conv.turns[1]?.content).toMatch(/^#include <iostream>/);
  });

  it('reads SWE-agent history with tool_call_ids, and nebius ai/text with the system prompt', () => {
    const swe = toConversation(fixture('sweagent_function_calling_simple.traj.json'), { index: 0 });
    expect(roles(swe)).toBe('suatatatatat');
    expect(swe.turns[3]?.tool_call_id).toBe('call_PbWErNIge3YTrli3fiVvmIid');
    const nebius = toConversation(at(fixture('adp_nebius_SWE-agent-trajectories.subset.json'), 0), { index: 0 });
    expect(nebius.turns[0]?.content).toMatch(/^SETTING: You are an autonomous programmer/);
    expect(nebius.turns[2]?.source_role).toBe('ai');
    expect(nebius.turns[2]?.role).toBe('assistant');
  });

  it('keeps an empty gpt turn (axolotl missingturns) as an empty assistant turn', () => {
    const conv = toConversation(fixture('axolotl_conversation.missingturns.json'), { index: 0 });
    expect(conv.turns[1]).toEqual({ role: 'assistant', content: '', source_role: 'gpt' });
  });

  it('throws InputError with a precise reason', () => {
    expect(() => toConversation(7, { index: 3 })).toThrow(/record 3: record is number 7, expected an object/);
    expect(() => toConversation({ messages: [{ role: 'assistant', content: 'x' }] }, { index: 0 })).toThrow(/no user turn \(roles: assistant\)/);
    expect(() => toConversation({ messages: [{ role: 'user', content: { weird: 1 } }] }, { index: 0 })).toThrow(
      /messages\[0\]\.content: content is an object with keys \[weird\]/,
    );
    expect(() => toConversation({ conversations: [{ from: 'narrator', value: 'x' }] }, { index: 0 })).toThrow(/unknown role "narrator"/);
    expect(() => toConversation({ tools: '{bad', messages: [] }, { index: 0 })).toThrow(/tools: expected a list/);
    expect(() => toConversation({ foo: 1 }, { index: 0 })).toThrow(InputError);
  });

  it('accepts a JSON-string `messages` and LLaMA-Factory Alpaca history pairs', () => {
    const conv = toConversation({ messages: JSON.stringify([{ role: 'user', content: 'q' }]) }, { index: 0 });
    expect(conv.turns).toEqual([{ role: 'user', content: 'q', source_role: 'user' }]);
    const alpaca = toConversation({ instruction: 'now', output: 'ok', history: [['before', 'reply']] }, { index: 0 });
    expect(roles(alpaca)).toBe('uaua');
  });
});

describe('toConversation (property)', () => {
  it('returns a conversation or throws InputError for any JSON value, never another error', () => {
    const message = fc.record({
      role: fc.constantFrom('user', 'assistant', 'tool', 'system', 'gpt', 'robot'),
      content: fc.oneof(fc.string(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.jsonValue()),
      tool_calls: fc.option(fc.jsonValue()),
    });
    const record = fc.oneof(
      fc.jsonValue(),
      fc.record({ messages: fc.array(message, { maxLength: 4 }), tools: fc.option(fc.jsonValue()) }),
      fc.record({ conversations: fc.array(fc.record({ from: fc.string(), value: fc.jsonValue() }), { maxLength: 4 }) }),
      fc.array(message, { maxLength: 4 }),
    );
    fc.assert(
      fc.property(record, (r) => {
        try {
          toConversation(r, { index: 0 });
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
