import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRecords, type Conversation } from '../conversation/index.js';
import { loadTaxonomy, type Taxonomy } from '../taxonomy/index.js';
import { preprocess } from './preprocess.js';
import { SignalsSchema, type Signals } from './schema.js';

const FORMATS = fileURLToPath(new URL('../conversation/__fixtures__/formats/', import.meta.url));
let tax: Taxonomy;
const signalsByFile = new Map<string, Signals[]>();

async function signalsOf(name: string): Promise<Signals[]> {
  const cached = signalsByFile.get(name);
  if (cached) return cached;
  const out: Signals[] = [];
  for await (const item of readRecords(FORMATS + name)) if (item.ok) out.push(preprocess(item.conversation, tax));
  signalsByFile.set(name, out);
  return out;
}

const conv = (turns: Conversation['turns'], tools: unknown[] = []): Conversation => ({ id: 't', format: 'openai', turns, tools });

beforeAll(() => {
  tax = loadTaxonomy();
});

describe('preprocess', () => {
  it('produces schema-valid signals for every fixture record', async () => {
    for (const name of ['adp_swe-gym_openhands_sampled_trajectories.sample_raw.json', 'functionary_test_case.json', 'xtuner_qwen35_tokenize_data.jsonl']) {
      for (const s of await signalsOf(name)) expect(SignalsSchema.safeParse(s).success).toBe(true);
    }
  });

  it('detects CodeAct <execute> actions answered by Observation turns', async () => {
    for (const s of await signalsOf('adp_codeactinstruct.sample_raw.json')) {
      expect(s.has_tool_calls).toBe(true);
      expect(s.action_protocols).toEqual(['execute-tag']);
      expect(s.tool_call_count).toBeGreaterThan(0);
      expect(s.user_turns).toBe(1);
      expect(s.code_block_count).toBe(0);
    }
  });

  it('detects SWE-smith <function=...> calls and the function list in its system prompt', async () => {
    const [s] = await signalsOf('adp_swe-smith.subset.json');
    expect(s).toMatchObject({ has_tool_calls: true, has_tool_definitions: true, tool_call_count: 15, action_protocols: ['function-xml'] });
    expect(s?.observation_turns).toBe(13);
    expect(s?.file_languages).toEqual(['python']);
    expect(s?.assistant_code_lines).toBeGreaterThan(0);
  });

  it('detects mini-swe-agent fenced mswea_bash_command actions and excludes them from code blocks', async () => {
    const [s] = await signalsOf('mini-swe-agent_github_issue.traj.json');
    expect(s).toMatchObject({ has_tool_calls: true, tool_call_count: 10, action_protocols: ['fenced-shell'], assistant_code_lines: 0 });
    expect(s?.observation_turns).toBe(9);
    expect(s?.fence_languages).toEqual(['python']);
  });

  it('detects nebius SWE-agent commands in bare fences, counts the final unanswered submit and edit lines', async () => {
    const [first, second] = await signalsOf('adp_nebius_SWE-agent-trajectories.subset.json');
    expect(first).toMatchObject({ has_tool_calls: true, tool_call_count: 6, user_turns: 1, observation_turns: 5, has_tool_definitions: true });
    expect(first?.action_protocols).toEqual(['fenced-shell']);
    expect(first?.assistant_code_lines).toBe(1);
    expect(second?.file_languages).toEqual(['python']);
  });

  it('gives glaive code records no tools and tool records both definitions and calls', async () => {
    const all = await signalsOf('llamafactory_glaive_toolcall_en_demo.subset.json');
    for (const s of all.slice(0, 36)) expect([s.has_tool_definitions, s.has_tool_calls]).toEqual([false, false]);
    for (const s of all.slice(36)) expect([s.has_tool_definitions, s.has_tool_calls, s.tool_call_count > 0]).toEqual([true, true, true]);
    expect(all.reduce((n, s) => n + s.tool_call_count, 0)).toBe(17);
  });

  it('counts SWE-Gym structured calls (one more than tool turns: the final finish call)', async () => {
    for (const s of await signalsOf('adp_swe-gym_openhands_sampled_trajectories.sample_raw.json')) {
      expect(s.tool_call_count).toBe(s.tool_turns + 1);
      expect(s.action_protocols).toEqual([]);
      expect(s.file_languages).toEqual(['python']);
    }
  });

  it('does not count Code-Feedback "Execution result:" user turns as user turns', async () => {
    const all = await signalsOf('adp_code_feedback.sample_raw.json');
    expect(all[0]).toMatchObject({ user_turns: 2, observation_turns: 2, has_tool_calls: true, action_protocols: ['fenced-exec'] });
    expect(all[1]).toMatchObject({ user_turns: 3, observation_turns: 0, has_tool_calls: false });
    // Executed code is still the assistant's solution code.
    expect(all[0]?.assistant_code_lines).toBeGreaterThan(50);
  });

  it('guesses GPTeacher raw-code answers with confidence', async () => {
    const langs = (await signalsOf('gpteacher_codegen_instruct.subset.json')).map((s) => s.fence_languages.join(','));
    expect(langs.slice(0, 6)).toEqual(['cpp', 'javascript', 'python', 'shell', 'python', 'java']);
    expect(langs).toContain('sql');
    expect(langs).toContain('haskell');
  });

  it('maps fence labels through the language aliases and counts lines of assistant blocks only', () => {
    const s = preprocess(
      conv([
        { role: 'user', content: 'Fix this:\n```py\nprint(1)\n```' },
        { role: 'assistant', content: 'Here:\n```golang\nfunc main() {\n\n}\n```\nand\n```text\nplain words\n```' },
      ]),
      tax,
    );
    expect(s).toMatchObject({ code_block_count: 3, assistant_code_lines: 3, fence_languages: ['go', 'python'], user_turns: 1, has_tool_calls: false });
  });

  it('does not treat a chat ending in a bash block as an agent when no environment output follows', () => {
    const s = preprocess(
      conv([
        { role: 'user', content: 'How do I install it?' },
        { role: 'assistant', content: 'Run:\n```bash\npip install requests\n```' },
        { role: 'user', content: 'Thanks, that worked.' },
      ]),
      tax,
    );
    expect(s).toMatchObject({ has_tool_calls: false, tool_call_count: 0, code_block_count: 1, user_turns: 2, fence_languages: ['shell'] });
  });

  it('counts file contents written through structured tool calls and their languages', () => {
    const write = { name: 'str_replace_editor', arguments: JSON.stringify({ command: 'create', path: '/w/app.ts', file_text: 'const a = 1;\nexport { a };\n' }) };
    const view = { name: 'str_replace_editor', arguments: JSON.stringify({ command: 'view', path: '/w/b.rs' }) };
    const s = preprocess(conv([{ role: 'user', content: 'go' }, { role: 'assistant', content: '', tool_calls: [write, view] }], [{ name: 'x' }]), tax);
    expect(s).toMatchObject({ tool_call_count: 2, assistant_code_lines: 2, file_languages: ['typescript'], has_tool_definitions: true });
  });

  it('counts turns and characters', () => {
    const s = preprocess(conv([{ role: 'system', content: 'sys' }, { role: 'user', content: 'hello' }, { role: 'tool', content: 'out' }]), tax);
    expect(s).toMatchObject({ turns: 3, assistant_turns: 0, tool_turns: 1, observation_turns: 1, total_chars: 11, has_tool_calls: true });
  });
});

describe('preprocess (property)', () => {
  it('never throws and splits user+tool turns exactly into user_turns and observation_turns', () => {
    const snippets = ['```py\nx=1\n```', '<execute>\nprint(1)\n</execute>', '<function=bash>\n<parameter=command>ls</parameter>\n</function>',
      'OBSERVATION:\nok', '```\nls\n```', 'def f():\n    return 1\n', '<returncode>0</returncode>', '```bash\nedit 1:1\nx\nend_of_edit\n```'];
    const text = fc.array(fc.oneof(fc.string(), fc.constantFrom(...snippets)), { maxLength: 4 }).map((p) => p.join('\n'));
    const turn = fc.record({
      role: fc.constantFrom('system', 'user', 'assistant', 'tool') as fc.Arbitrary<'system' | 'user' | 'assistant' | 'tool'>,
      content: text,
    });
    fc.assert(
      fc.property(fc.array(turn, { maxLength: 8 }), (turns) => {
        const s = preprocess(conv(turns), tax);
        expect(SignalsSchema.safeParse(s).success).toBe(true);
        const userOrTool = turns.filter((t) => t.role === 'user' || t.role === 'tool').length;
        expect(s.user_turns + s.observation_turns).toBe(userOrTool);
      }),
      { numRuns: 300 },
    );
  });
});
