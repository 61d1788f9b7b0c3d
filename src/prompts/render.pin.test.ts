import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../conversation/index.js';
import type { Signals } from '../preprocess/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { longConversation, sampleA, sampleB } from './__fixtures__/samples.js';
import { CALLS, loadPromptVersion } from './load.js';
import { createPromptRenderer } from './render.js';

/**
 * v1 and v2 are baselines whose responses are committed under cache/ci/ and replayed by the CI gate: the cache key is a
 * hash of the messages, so a single changed byte in their renders turns every committed entry into a miss. These
 * hashes were taken before v3 changed the shared rendering code (fitting, turn rendering, the renderer API) and must
 * never change. If this test fails, the change broke v1/v2 — fix the code, do not update the hashes.
 *
 * One recorded exception: on 2026-12-04 issue 14 made the json_schema `response_format` portable (bounds Anthropic's
 * structured outputs reject moved into descriptions, src/prompts/answer.ts portableJsonSchema). The messages did not
 * change (the json_object hashes below are the originals); the json_schema hashes were re-pinned and the committed
 * CI cache entries re-recorded in the same change.
 */
const PINNED: Record<string, string> = {
  'v1/json_object/a/call1': 'b6630f1477c447d0',
  'v1/json_object/a/call2': '7c51659fc1fddbea',
  'v1/json_object/b/call1': 'd42809c86ef885fa',
  'v1/json_object/b/call2': '60a22fd2a5cd12a9',
  'v1/json_object/agent/call1': '8befbc61d8b25077',
  'v1/json_object/agent/call2': 'ccb360ec4410151a',
  'v1/json_object/long-cut/call1': '96a499c002da24f9',
  'v1/json_object/long-cut/call2': 'd2a60d2df8753582',
  'v1/json_schema/a/call1': '4b2ce0160974150e',
  'v1/json_schema/a/call2': '1ab9679e9ae47779',
  'v1/json_schema/b/call1': 'aa361ea244ae627c',
  'v1/json_schema/b/call2': '34812b51f537bba3',
  'v1/json_schema/agent/call1': 'b2678391fc4152e1',
  'v1/json_schema/agent/call2': 'ba7c373f67cd0607',
  'v1/json_schema/long-cut/call1': '357f262a78df9870',
  'v1/json_schema/long-cut/call2': 'e40280c8d569848b',
  'v2/json_object/a/call1': '0f6d927cc64f89fd',
  'v2/json_object/a/call2': 'c5c4944f0e0e4c22',
  'v2/json_object/b/call1': 'dd718534f2f3f978',
  'v2/json_object/b/call2': 'c000bfce8c283347',
  'v2/json_object/agent/call1': 'abe637ad5e5ee4d1',
  'v2/json_object/agent/call2': 'df180d790538a226',
  'v2/json_object/long-cut/call1': '43148355d5a013ab',
  'v2/json_object/long-cut/call2': '6bee2cb07874909a',
  'v2/json_schema/a/call1': 'c2c033f4d20810c3',
  'v2/json_schema/a/call2': '37837a00d5edc0a4',
  'v2/json_schema/b/call1': '758a444b5c9a0136',
  'v2/json_schema/b/call2': '223be8db7036017d',
  'v2/json_schema/agent/call1': '90f8c8d98f45b867',
  'v2/json_schema/agent/call2': '6d707cb18b146f74',
  'v2/json_schema/long-cut/call1': '2bbaee5a84930514',
  'v2/json_schema/long-cut/call2': '8bb18fbc1a04f843',
};

const taxonomy = loadTaxonomy();

const agentic: Conversation = {
  id: 'fx-agent',
  format: 'openai',
  tools: [{ type: 'function', function: { name: 'bash', description: 'run a command', parameters: { type: 'object' } } }],
  turns: [
    { role: 'system', content: 'You are an agent. Do not modify tests.' },
    { role: 'user', content: 'Fix the failing test in utils/time.py.' },
    { role: 'assistant', content: 'Looking.', tool_calls: [{ name: 'bash', arguments: '{"cmd":"pytest -q"}' }] },
    { role: 'tool', name: 'bash', content: 'FAILED tests/test_time.py::test_parse - ValueError' },
    { role: 'assistant', content: 'Fixed the regex; tests pass.' },
  ],
};

const signals: Signals = {
  has_tool_calls: true,
  tool_call_count: 1,
  has_tool_definitions: true,
  user_turns: 1,
  code_block_count: 0,
  assistant_code_lines: 0,
  fence_languages: [],
  turns: 5,
  assistant_turns: 2,
  tool_turns: 1,
  observation_turns: 0,
  total_chars: 200,
  content_languages: [],
  action_protocols: [],
};

const cases: [string, Conversation, number | undefined][] = [
  ['a', sampleA, undefined],
  ['b', sampleB, undefined],
  ['agent', agentic, undefined],
  ['long-cut', longConversation(12, 40), 600],
];

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

function renders(): Record<string, string> {
  let cut = 0;
  const out: Record<string, string> = {};
  for (const version of ['v1', 'v2'])
    for (const responseFormat of ['json_object', 'json_schema'] as const) {
      const r = createPromptRenderer({ version: loadPromptVersion(version), taxonomy, responseFormat });
      for (const [name, conversation, tokenBudget] of cases)
        for (const call of CALLS) {
          const rendered = r.render(call, { conversation, signals, call1Labels: { intent: 'debug', language: ['python'] }, tokenBudget });
          if (rendered.truncation) cut++;
          out[`${version}/${responseFormat}/${name}/${call}`] = digest({ messages: rendered.messages, response_format: rendered.response_format, truncation: rendered.truncation });
        }
    }
  // The long case must take the cutting path, or its hash would pin nothing new.
  expect(cut).toBe(8);
  return out;
}

describe('v1 and v2 renders (pinned)', () => {
  it('are byte-identical to the renders their committed cache entries were made with', () => {
    expect(renders()).toEqual(PINNED);
  });
});
