import { describe, expect, it } from 'vitest';
import type { Signals } from '../preprocess/index.js';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { BASE_LABELS, BASE_SIGNALS, withLabels } from './__fixtures__/base.js';
import { evaluateCondition } from './conditions.js';
import { evaluateRules } from './rules.js';

const tax = loadTaxonomy();

interface Case {
  rule: string;
  pass: [Labels, Partial<Signals>];
  fail: [Labels, Partial<Signals>];
}

const S = BASE_SIGNALS;
const tools: Partial<Signals> = { ...S, has_tool_calls: true, tool_call_count: 3 };
const agent = withLabels({ agentic: ['shell-execution'] });

/** One passing and one violating label set for every rule of the YAML. */
const CASES: Case[] = [
  { rule: 'cardinality-bounds', pass: [BASE_LABELS, S], fail: [withLabels({ task: [] }), S] },
  { rule: 'none-is-exclusive', pass: [BASE_LABELS, S], fail: [withLabels({ constraint: ['none', 'scope-limits'] }), S] },
  { rule: 'tool-signal-requires-agentic', pass: [agent, tools], fail: [BASE_LABELS, tools] },
  { rule: 'agentic-requires-tool-signal', pass: [BASE_LABELS, S], fail: [agent, S] },
  {
    rule: 'repository-access-requires-tool-signal',
    pass: [withLabels({ agentic: ['file-reading'], context: ['repository-access'] }), tools],
    fail: [withLabels({ context: ['repository-access'] }), S],
  },
  {
    rule: 'tool-definitions-match-signal',
    pass: [withLabels({ context: ['tool-definitions'] }), { ...S, has_tool_definitions: true }],
    fail: [BASE_LABELS, { ...S, has_tool_definitions: true }],
  },
  {
    rule: 'multi-turn-dependency-requires-turns',
    pass: [withLabels({ context: ['multi-turn-dependency'] }), { ...S, user_turns: 2 }],
    fail: [withLabels({ context: ['multi-turn-dependency'] }), S],
  },
  { rule: 'fenced-languages-tagged', pass: [BASE_LABELS, S], fail: [withLabels({ language: ['sql'] }), S] },
  {
    rule: 'debug-needs-failure-evidence',
    pass: [withLabels({ intent: 'debug', task: ['bug-fixing'] }), S],
    fail: [withLabels({ intent: 'debug', task: ['code-review'] }), S],
  },
  {
    rule: 'understand-needs-artifact',
    pass: [withLabels({ intent: 'understand', task: ['code-explanation'], context: ['code-snippet'] }), S],
    fail: [withLabels({ intent: 'understand', task: ['code-explanation'] }), S],
  },
  {
    rule: 'existing-material-intents-need-input',
    pass: [withLabels({ intent: 'improve', task: ['refactoring'], context: ['code-snippet'] }), S],
    fail: [withLabels({ intent: 'improve', task: ['refactoring'], context: ['error-message'] }), S],
  },
  { rule: 'task-intent-compatibility', pass: [BASE_LABELS, S], fail: [withLabels({ task: ['bug-fixing'] }), S] },
  {
    rule: 'translation-needs-two-languages',
    pass: [withLabels({ intent: 'convert', task: ['code-translation'], language: ['python', 'go'], context: ['code-snippet'] }), { ...S, fence_languages: [] }],
    fail: [withLabels({ intent: 'convert', task: ['code-translation'], context: ['code-snippet'] }), S],
  },
  {
    rule: 'trivial-excludes-advanced-concepts',
    pass: [withLabels({ difficulty: 'trivial', intent: 'learn', task: ['concept-explanation'], concept: ['graphs'] }), S],
    fail: [withLabels({ difficulty: 'trivial', concept: ['graphs'] }), S],
  },
  {
    rule: 'trivial-scale-mismatch',
    pass: [withLabels({ difficulty: 'trivial' }), S],
    fail: [withLabels({ difficulty: 'trivial' }), { ...S, assistant_code_lines: 61 }],
  },
];

describe('evaluateRules', () => {
  it('has a case for every rule of the taxonomy', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual(tax.file.consistency_rules.map((r) => r.id).sort());
  });

  it.each(CASES)('$rule: passing set does not fire it, violating set does', ({ rule, pass, fail }) => {
    const ok = evaluateRules(pass[0], tax, pass[1]);
    expect(ok.violations.filter((v) => v.rule === rule)).toEqual([]);
    expect(ok.skipped).toEqual([]);
    const bad = evaluateRules(fail[0], tax, fail[1]).violations.filter((v) => v.rule === rule);
    expect(bad.length).toBeGreaterThan(0);
    const severity = tax.file.consistency_rules.find((r) => r.id === rule)?.severity;
    expect(bad.every((v) => v.severity === severity)).toBe(true);
  });

  it('produces no violation at all on the consistent base set', () => {
    expect(evaluateRules(BASE_LABELS, tax, S)).toEqual({ violations: [], skipped: [] });
  });

  it('skips, never fails, rules whose signal is missing', () => {
    const r = evaluateRules(withLabels({ context: ['multi-turn-dependency'] }), tax, {});
    expect(r.violations).toEqual([]);
    expect(r.skipped).toContain('multi-turn-dependency-requires-turns');
    expect(r.skipped).toContain('fenced-languages-tagged');
    expect(r.skipped).not.toContain('cardinality-bounds');
    const partial = evaluateRules(BASE_LABELS, tax, { user_turns: 1 });
    expect(partial.skipped).toContain('trivial-scale-mismatch');
    expect(partial.skipped).not.toContain('multi-turn-dependency-requires-turns');
  });

  it('names the offending labels and signal values in the message', () => {
    const [v] = evaluateRules(BASE_LABELS, tax, tools).violations;
    expect(v?.message).toMatch(/agentic=none/);
    expect(v?.message).toMatch(/has_tool_calls=true/);
  });
});

describe('evaluateCondition', () => {
  const labels = withLabels({ language: ['python', 'sql'] });
  it.each([
    [{ dimension: 'language', any_of: ['sql', 'go'] }, true],
    [{ dimension: 'language', none_of: ['sql'] }, false],
    [{ dimension: 'language', has_other_than: ['python', 'sql'] }, false],
    [{ dimension: 'language', count_gte: 2 }, true],
    [{ dimension: 'missing', any_of: ['x'] }, false],
    [{ signal: 'user_turns', equals: 1 }, true],
    [{ signal: 'user_turns', gte: 2 }, false],
    [{ signal: 'user_turns', lte: 1 }, true],
    [{ all: [{ signal: 'user_turns', equals: 1 }, { dimension: 'intent', any_of: ['debug'] }] }, false],
    [{ any: [{ signal: 'user_turns', equals: 1 }, { dimension: 'intent', any_of: ['debug'] }] }, true],
    [{ not: { dimension: 'intent', any_of: ['debug'] } }, true],
  ] as const)('%j -> %s', (cond, expected) => {
    expect(evaluateCondition(cond as never, labels, S)).toBe(expected);
  });
});
