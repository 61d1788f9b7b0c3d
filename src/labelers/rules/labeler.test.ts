import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../conversation/index.js';
import { loadTaxonomy, tagsOf } from '../../taxonomy/index.js';
import { checkLabelSet, evaluateRules } from '../../validate/index.js';
import { LabelOutcomeSchema } from '../monitor.js';
import { AGENT_TRAJECTORY, CLOSURE_QUESTION, JAVA_TO_KOTLIN, PYTHON_DEBUG, signals } from './__fixtures__/conversations.js';
import { createRulesLabeler } from './labeler.js';

const tax = loadTaxonomy();
const labeler = createRulesLabeler({ taxonomy: tax });

describe('createRulesLabeler', () => {
  it('labels a Python debug request with a traceback', async () => {
    const out = await labeler.label(PYTHON_DEBUG, signals({ fence_languages: ['python'], code_block_count: 2, assistant_code_lines: 4 }));
    expect(out.labels).toMatchObject({ intent: 'debug', language: ['python'], task: ['bug-fixing'], agentic: ['none'] });
    expect(tagsOf(out.labels, 'context')).toEqual(expect.arrayContaining(['code-snippet', 'stack-trace']));
    expect(tagsOf(out.labels, 'context')).not.toContain('multi-turn-dependency');
    expect(out.labeling_monitor.error).toBeNull();
  });

  it('labels Java to Kotlin as a code translation with both languages', async () => {
    const out = await labeler.label(JAVA_TO_KOTLIN, signals({ fence_languages: ['java', 'kotlin'], assistant_code_lines: 1 }));
    expect(out.labels).toMatchObject({ intent: 'convert', task: ['code-translation'], context: ['code-snippet'] });
    expect(tagsOf(out.labels, 'language')).toEqual(['java', 'kotlin']);
  });

  it('finds the target language named in prose when no fence says it', async () => {
    const conv: Conversation = { ...JAVA_TO_KOTLIN, turns: [{ role: 'user', content: 'Convert this Java class to Kotlin:\npublic class A {\n  int x;\n}' }] };
    const out = await labeler.label(conv, signals({ content_languages: ['java'] }));
    expect(tagsOf(out.labels, 'language')).toEqual(['java', 'kotlin']);
  });

  it('labels an agentic trajectory from its tool calls', async () => {
    const sig = signals({ has_tool_calls: true, tool_call_count: 6, has_tool_definitions: true, tool_turns: 6, turns: 15, assistant_turns: 7 });
    const out = await labeler.label(AGENT_TRAJECTORY, sig);
    expect(out.labels?.['intent']).toBe('debug');
    expect(tagsOf(out.labels, 'agentic')).toEqual(
      expect.arrayContaining(['codebase-search', 'file-reading', 'file-creation', 'file-editing', 'shell-execution', 'test-execution', 'bug-reproduction', 'error-recovery']),
    );
    expect(tagsOf(out.labels, 'context')).toEqual(expect.arrayContaining(['tool-definitions', 'repository-access', 'requirements-spec']));
    expect(tagsOf(out.labels, 'constraint')).toContain('scope-limits');
    expect(out.labels?.['domain']).toBe('web-backend');
  });

  it('labels a plain concept question as learn with no language, tools or context', async () => {
    const out = await labeler.label(CLOSURE_QUESTION, signals({ total_chars: 140 }));
    expect(out.labels).toMatchObject({
      intent: 'learn', language: ['none'], task: ['concept-explanation'], concept: ['functional-programming'],
      agentic: ['none'], constraint: ['none'], context: ['none'], domain: 'general-programming',
    });
    expect(['trivial', 'easy']).toContain(out.labels?.['difficulty']);
  });

  it('fills the monitor as the rules labeler and confidences in 0..1', async () => {
    const out = await labeler.label(CLOSURE_QUESTION, signals());
    expect(() => LabelOutcomeSchema.parse(out)).not.toThrow();
    expect(out.labeling_monitor).toMatchObject({ labeler: 'rules', model: 'rules', prompt_version: null, taxonomy_version: '3.1' });
    expect(out.labeling_monitor.calls).toEqual([expect.objectContaining({ name: 'rules', model: 'rules', attempts: 0, prompt_tokens: 0, cost_usd: 0 })]);
    expect(Object.keys(out.confidence).sort()).toEqual(tax.dimensions.map((d) => d.id).sort());
    for (const c of Object.values(out.confidence)) expect(c).toBeGreaterThanOrEqual(0), expect(c).toBeLessThanOrEqual(1);
  });

  it('always produces structurally valid labels with no error-severity rule firing (property)', async () => {
    const langIds = [...(tax.tagsByDim.get('language')?.keys() ?? [])];
    const words = ['error', 'convert', 'to Rust', 'refactor', 'docker', 'write', 'review', 'explain', 'closure', 'SELECT * FROM t', '```python\nx=1\n```', 'Traceback (most recent call last)', 'O(n log n)', 'thread-safe', 'now make it async', '<execute>ls</execute>'];
    const text = fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 40 })), { maxLength: 12 }).map((a) => a.join(' '));
    const turn = fc.record({
      role: fc.constantFrom('system', 'user', 'assistant', 'tool') as fc.Arbitrary<'system' | 'user' | 'assistant' | 'tool'>,
      content: text,
      tool_calls: fc.option(fc.array(fc.record({ name: fc.constantFrom('bash', 'str_replace_editor', 'get_weather', 'task'), arguments: text }), { maxLength: 3 }), { nil: undefined }),
    });
    const sig = fc.record({
      has_tool_calls: fc.boolean(), tool_call_count: fc.nat(80), has_tool_definitions: fc.boolean(), user_turns: fc.nat(5),
      code_block_count: fc.nat(10), assistant_code_lines: fc.nat(800), fence_languages: fc.uniqueArray(fc.constantFrom(...langIds), { maxLength: 12 }),
      turns: fc.nat(20), assistant_turns: fc.nat(10), tool_turns: fc.nat(10), observation_turns: fc.nat(3), total_chars: fc.nat(50_000),
      content_languages: fc.uniqueArray(fc.constantFrom(...langIds, 'not-a-language'), { maxLength: 3 }),
      action_protocols: fc.uniqueArray(fc.constantFrom('execute-tag', 'fenced-shell'), { maxLength: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(turn, { maxLength: 8 }), sig, async (turns, s) => {
        const out = await labeler.label({ id: 'x', format: 'openai', tools: [], turns }, s);
        expect(out.labels).not.toBeNull();
        const labels = out.labels ?? {};
        expect(checkLabelSet(labels, tax)).toEqual([]);
        expect(evaluateRules(labels, tax, s).violations.filter((v) => v.severity === 'error')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
