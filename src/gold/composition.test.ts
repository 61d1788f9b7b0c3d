import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../taxonomy/index.js';
import { goldStats, statsInputs, userScript, type StatsInput } from './composition.js';

const tax = loadTaxonomy();
const base = {
  intent: 'build',
  language: ['python'],
  domain: 'web-backend',
  task: ['code-generation'],
  difficulty: 'easy',
  concept: ['none'],
  agentic: ['none'],
  constraint: ['none'],
  context: ['none'],
};
function sample(id: string, over: Record<string, string | string[]>, s: Partial<StatsInput> = {}): StatsInput {
  return { id, labels: { ...base, ...over }, origin: 'written', format: 'sharegpt', signals: { has_tool_calls: false, user_turns: 1 }, ...s };
}

describe('goldStats', () => {
  const samples = [
    sample('a', {}),
    sample('b', { language: ['python', 'sql'] }, { signals: { has_tool_calls: false, user_turns: 3 } }),
    sample('c', { difficulty: 'advanced' }, { origin: 'public', format: 'openai', signals: { has_tool_calls: true, user_turns: 1 } }),
  ];
  const s = goldStats(samples, tax);

  it('counts every tag of the taxonomy, zeros included', () => {
    expect(s.coverage).toHaveLength(tax.tagCount);
    expect(s.coverage.find((c) => c.dimension === 'language' && c.tag === 'python')?.count).toBe(3);
    expect(s.coverage.find((c) => c.dimension === 'language' && c.tag === 'sql')?.count).toBe(1);
    expect(s.coverage.find((c) => c.dimension === 'language' && c.tag === 'rust')?.count).toBe(0);
  });

  it('lists tags under the threshold and per-dimension totals', () => {
    const under = new Set(s.underCovered.map((c) => `${c.dimension}:${c.tag}`));
    expect(under.has('language:python')).toBe(false);
    expect(under.has('language:sql')).toBe(true);
    expect(s.underCovered).toHaveLength(s.coverage.filter((c) => c.count < 3).length);
    const intent = s.dimensions.find((d) => d.dimension === 'intent');
    expect(intent).toEqual({ dimension: 'intent', tags: 8, used: 1, under: 7 });
    expect(goldStats(samples, tax, { minExamples: 1 }).underCovered.some((c) => c.tag === 'sql')).toBe(false);
  });

  it('computes the composition from signals and labels', () => {
    expect(s.composition.kind).toEqual({ 'single-turn': 1, 'multi-turn': 1, agentic: 1 });
    expect(s.composition.kindByOrigin.public.agentic).toBe(1);
    expect(s.composition.language).toEqual({ python: 3, sql: 1 });
    expect(Object.keys(s.composition.difficulty)).toEqual(['trivial', 'easy', 'intermediate', 'advanced', 'expert']);
    expect(s.composition.difficulty['easy']).toBe(2);
    expect(s.composition.format).toEqual({ sharegpt: 2, openai: 1 });
    expect(s.composition.script).toEqual({ unknown: 3 });
  });
});

describe('userScript', () => {
  it('tells CJK user text from Latin text', () => {
    expect(userScript('如何用 Promise 写一个 sleep 函数？')).toBe('cjk');
    expect(userScript('how do I sort a dict by value')).toBe('latin');
    expect(userScript('123 == 456')).toBe('none');
  });
});

describe('statsInputs', () => {
  it('joins labels with read samples and marks records with gold_source as public', () => {
    const set = {
      samples: [{ value: { id: 'x' } }, { value: { id: 'y', gold_source: 'shared/formats/f.json#0' } }],
      labels: [{ value: { id: 'x', labels: base } }, { value: { id: 'y', labels: base } }],
    };
    const read = ['x', 'y', 'z'].map((id) => ({ id, conversation: { format: 'openai' }, signals: { has_tool_calls: false, user_turns: 1 } }));
    const out = statsInputs(set, read);
    expect(out.map((o) => [o.id, o.origin])).toEqual([
      ['x', 'written'],
      ['y', 'public'],
    ]);
  });
});
