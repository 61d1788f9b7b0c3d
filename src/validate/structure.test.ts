import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../taxonomy/index.js';
import { BASE_LABELS, withLabels } from './__fixtures__/base.js';
import { checkLabelSet } from './structure.js';

const tax = loadTaxonomy();

describe('checkLabelSet', () => {
  it('accepts a complete canonical label set', () => {
    expect(checkLabelSet(BASE_LABELS, tax)).toEqual([]);
  });

  it('names the dimension and value of each problem', () => {
    const { context: _drop, ...missing } = BASE_LABELS;
    expect(checkLabelSet(missing, tax)).toEqual(['context: missing (needs 1..8 tags)']);
    expect(checkLabelSet(withLabels({ language: ['py'] }), tax)).toEqual(['language: "py" is not a tag of this dimension']);
    expect(checkLabelSet(withLabels({ intent: ['build'] }), tax)[0]).toMatch(/^intent: single-select dimension must be one tag id string/);
    expect(checkLabelSet(withLabels({ language: 'python' }), tax)[0]).toMatch(/^language: multi-select dimension must be an array/);
    expect(checkLabelSet(withLabels({ language: ['python', 'python'] }), tax)).toEqual(['language: duplicate tag "python"']);
    expect(checkLabelSet(withLabels({ task: ['code-generation', 'test-writing', 'documentation'] }), tax)).toEqual([
      'task: has 3 tag(s), needs 1..2',
    ]);
    expect(checkLabelSet(withLabels({ concept: [] }), tax)).toEqual(['concept: has 0 tag(s), needs 1..6']);
    expect(checkLabelSet(withLabels({ agentic: ['none', 'file-reading'] }), tax)).toEqual([
      'agentic: "none" cannot be combined with "file-reading"',
    ]);
    expect(checkLabelSet({ ...BASE_LABELS, mood: 'happy' }, tax)).toEqual(['mood: unknown dimension']);
  });
});
