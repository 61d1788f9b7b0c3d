import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../taxonomy/index.js';
import { checkLabelSet } from './structure.js';
import { repairStructure } from './repair.js';

const tax = loadTaxonomy();
const valid = {
  intent: 'build', language: ['python'], domain: 'web-backend', task: ['code-generation'], difficulty: 'easy',
  concept: ['none'], agentic: ['none'], constraint: ['none'], context: ['none'],
};

describe('repairStructure', () => {
  it('leaves a valid label set untouched', () => {
    const r = repairStructure(valid, tax);
    expect(r.labels).toEqual(valid);
    expect(r.repaired).toEqual([]);
  });

  it('drops none given next to other tags and records it', () => {
    const r = repairStructure({ ...valid, language: ['none', 'python', 'sql'] }, tax);
    expect(r.labels.language).toEqual(['python', 'sql']);
    expect(r.repaired).toEqual([{ dimension: 'language', rule: 'none-is-exclusive', action: 'dropped "none" given next to python, sql' }]);
    expect(checkLabelSet(r.labels, tax)).toEqual([]);
  });

  it('keeps the first max tags (primary first) and records what it dropped', () => {
    const r = repairStructure({ ...valid, task: ['bug-fixing', 'code-generation', 'test-writing'] }, tax);
    expect(r.labels.task).toEqual(['bug-fixing', 'code-generation']);
    expect(r.repaired[0]?.rule).toBe('cardinality-bounds');
    expect(r.repaired[0]?.action).toMatch(/dropped test-writing/);
  });

  it('does not invent a missing dimension', () => {
    const { context: _dropped, ...rest } = valid;
    const r = repairStructure(rest, tax);
    expect(r.labels.context).toBeUndefined();
    expect(checkLabelSet(r.labels, tax).join('\n')).toMatch(/context/);
  });
});
