import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { readRecords, type ReadItem } from './read.js';

const FORMATS = fileURLToPath(new URL('./__fixtures__/formats/', import.meta.url));

async function readAll(file: string, opts = {}): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readRecords(file, opts)) items.push(item);
  return items;
}

function tmpFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sft-read-')), name);
  writeFileSync(file, text);
  return file;
}

/** Record counts and formats from the fixtures README table. */
const EXPECTED: ReadonlyArray<[string, number, string]> = [
  ['llamafactory_glaive_toolcall_en_demo.subset.json', 48, 'sharegpt'],
  ['llamafactory_reason_tool_use_demo_50.subset.jsonl', 10, 'openai'],
  ['gpteacher_codegen_instruct.subset.json', 28, 'alpaca'],
  ['fastchat_dummy_conversation.subset.json', 3, 'sharegpt'],
  ['axolotl_conversation.json', 1, 'sharegpt'],
  ['axolotl_conversation.missingturns.json', 1, 'sharegpt'],
  ['functionary_test_case.json', 1, 'openai'],
  ['xtuner_qwen35_tokenize_data.jsonl', 17, 'openai'],
  ['xtuner_mllm_sft_text_example_data.code_subset.jsonl', 7, 'openai'],
  ['sweagent_function_calling_simple.traj.json', 1, 'swe-agent-traj'],
  ['sweagent_marshmallow-1867_function_calling.traj.json', 1, 'swe-agent-traj'],
  ['mini-swe-agent_github_issue.traj.json', 1, 'openai-list'],
  ['adp_swe-gym_openhands_sampled_trajectories.sample_raw.json', 5, 'openai'],
  ['adp_swe-smith.subset.json', 1, 'openai'],
  ['adp_nebius_SWE-agent-trajectories.subset.json', 2, 'nebius-traj'],
  ['adp_code_feedback.sample_raw.json', 10, 'openai'],
  ['adp_codeactinstruct.sample_raw.json', 5, 'conversations-role'],
  ['adp_code_feedback.sample_sft_openhands.subset.json', 1, 'sharegpt'],
  ['adp_code_feedback.sample_sft.subset.json', 1, 'sharegpt'],
];

describe('readRecords', () => {
  it.each(EXPECTED)('reads %s: %i records, all ok, each with a user turn', async (name, count, format) => {
    const items = await readAll(join(FORMATS, name));
    expect(items.filter((i) => !i.ok)).toEqual([]);
    expect(items).toHaveLength(count);
    expect(items.map((i) => i.index)).toEqual([...Array(count).keys()]);
    for (const item of items) {
      if (!item.ok) continue;
      expect(item.conversation.format).toBe(format);
      expect(item.conversation.turns.some((t) => t.role === 'user')).toBe(true);
    }
  });

  it('gives JSONL items their 1-based line', async () => {
    const items = await readAll(join(FORMATS, 'xtuner_qwen35_tokenize_data.jsonl'));
    expect(items.map((i) => i.line)).toEqual([...Array(17).keys()].map((k) => k + 1));
    expect(items[0]?.ok && items[0].conversation.id).toBe('1');
  });

  it('reads the mini-swe-agent bare message list as one 22-turn conversation', async () => {
    const [item, ...rest] = await readAll(join(FORMATS, 'mini-swe-agent_github_issue.traj.json'));
    expect(rest).toEqual([]);
    expect(item?.ok && item.conversation.turns).toHaveLength(22);
  });

  it('gives the same ids on every read, from `id` fields or content hashes', async () => {
    const file = join(FORMATS, 'xtuner_mllm_sft_text_example_data.code_subset.jsonl');
    const ids = (await readAll(file)).map((i) => (i.ok ? i.conversation.id : ''));
    expect((await readAll(file)).map((i) => (i.ok ? i.conversation.id : ''))).toEqual(ids);
    expect(ids.slice(0, 6).every((id) => /^h_[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(ids[6]).toBe('79');
    expect(new Set(ids).size).toBe(7);
  });

  it('reports bad JSONL lines and bad records with line and index, and goes on', async () => {
    const file = tmpFile(
      'mixed.jsonl',
      [
        '{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}',
        '',
        '{"messages":[{"role":"user","content":"broken"}',
        '{"id":"no-user","messages":[{"role":"assistant","content":"alone"}]}',
        '42',
        '{"conversations":[{"from":"human","value":"q"},{"from":"gpt","value":"a"}]}',
      ].join('\n'),
    );
    const items = await readAll(file);
    expect(items.map((i) => [i.ok, i.index, i.line])).toEqual([
      [true, 0, 1],
      [false, 1, 3],
      [false, 2, 4],
      [false, 3, 5],
      [true, 4, 6],
    ]);
    const reasons = items.flatMap((i) => (i.ok ? [] : [i.reason]));
    expect(reasons[0]).toMatch(/mixed\.jsonl:3:\d+: invalid JSON line/);
    expect(reasons[1]).toMatch(/mixed\.jsonl:4: .*record 2 \(id no-user\): no user turn/);
    expect(reasons[2]).toMatch(/mixed\.jsonl:5: .*record is number 42, expected an object/);
    expect(items[2]?.ok === false && items[2].id).toBe('no-user');
  });

  it('reports a bad record in a JSON array by index', async () => {
    const file = tmpFile('arr.json', JSON.stringify([{ instruction: 'x', output: 'y' }, { foo: 1 }, 'text']));
    const items = await readAll(file);
    expect(items.map((i) => i.ok)).toEqual([true, false, false]);
    expect(items[1]?.ok === false && items[1].reason).toMatch(/record 1: unknown record shape: keys \[foo\]/);
    expect(items[1]?.line).toBeUndefined();
  });

  it('throws InputError for a missing file, a directory, an unknown container and invalid JSON with line:col', async () => {
    await expect(readAll(join(FORMATS, 'nope.json'))).rejects.toThrow(InputError);
    await expect(readAll(FORMATS)).rejects.toThrow(/not a regular file/);
    await expect(readAll(tmpFile('s.json', '"just a string"'))).rejects.toThrow(/unknown container/);
    const bad = tmpFile('bad.json', '[\n  {"a": 1},\n  {"b": }\n]');
    await expect(readAll(bad)).rejects.toThrow(/bad\.json:3:9: invalid JSON/);
  });

  it('refuses an empty or blank file, an empty array and a file with no conversation (InputError)', async () => {
    await expect(readAll(tmpFile('e.json', ''))).rejects.toThrow(/e\.json: empty file \(0 bytes\)/);
    await expect(readAll(tmpFile('e.jsonl', '\n\n  \n'))).rejects.toThrow(/only whitespace/);
    await expect(readAll(tmpFile('a.json', '[]'))).rejects.toThrow(/a\.json: no records/);
    await expect(readAll(tmpFile('n.jsonl', '{"foo":1}\n'))).rejects.toThrow(/no conversations: none of its 1 record/);
  });

  it('reads a .json file holding JSONL as JSONL', async () => {
    const file = tmpFile('lines.json', '{"instruction":"a","output":"b"}\n{"instruction":"c","output":"d"}\n');
    const items = await readAll(file);
    expect(items.map((i) => [i.ok, i.line])).toEqual([
      [true, 1],
      [true, 2],
    ]);
  });

  it('flags records over maxRecordChars but still reads them; refuses lines over maxLineChars', async () => {
    const big = JSON.stringify({ instruction: 'x'.repeat(500), output: 'y' });
    const file = tmpFile('big.jsonl', `${big}\n{"instruction":"short","output":"ok"}\n`);
    const items = await readAll(file, { maxRecordChars: 100 });
    expect(items.map((i) => i.ok && i.oversized)).toEqual([true, undefined]);
    const refused = await readAll(file, { maxLineChars: 200 });
    expect(refused[0]?.ok === false && refused[0].reason).toMatch(/big\.jsonl:1: line has \d+ chars, over the 200 limit/);
    expect(refused[1]?.ok).toBe(true);
  });
});
