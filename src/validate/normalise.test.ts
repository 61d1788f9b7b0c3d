import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../taxonomy/index.js';
import { NEAR_MISSES } from './near-misses.js';
import { normaliseLabels, resolveTag } from './normalise.js';

const tax = loadTaxonomy();

describe('resolveTag', () => {
  it.each([
    ['language', 'C#', 'csharp'],
    ['language', 'golang', 'go'],
    ['language', 'Bash', 'shell'],
    ['language', 'Node.js', 'javascript'],
    ['language', 'postgres', 'sql'],
    ['language', 'C++', 'cpp'],
    ['language', ' Python3 ', 'python'],
    ['domain', 'Web Backend', 'web-backend'],
    ['domain', 'web_frontend', 'web-frontend'],
    ['task', 'Bug Fixing / Diagnosis', 'bug-fixing'],
    ['intent', 'refactor', 'improve'],
    ['concept', 'closure', 'functional-programming'],
  ])('%s: %s -> %s', (dim, raw, id) => {
    expect(resolveTag(raw, dim, tax)).toBe(id);
  });

  it('returns null for unknown spellings and unknown dimensions', () => {
    expect(resolveTag('brainfudge', 'language', tax)).toBeNull();
    expect(resolveTag('python', 'nope', tax)).toBeNull();
  });

  it('has near-miss targets that are real tag ids', () => {
    for (const [dim, table] of Object.entries(NEAR_MISSES)) {
      for (const id of Object.values(table)) expect(tax.tagsByDim.get(dim)?.has(id), `${dim}: ${id}`).toBe(true);
    }
  });
});

describe('normaliseLabels', () => {
  it('maps aliases, dedupes, keeps order and records mappings', () => {
    const r = normaliseLabels({ intent: 'Fix', language: ['py', 'SQL', 'python', 'bash'], task: 'bug-fixing' }, tax);
    expect(r.labels).toEqual({ intent: 'debug', language: ['python', 'sql', 'shell'], task: ['bug-fixing'] });
    expect(r.mapped).toContainEqual({ dimension: 'intent', from: 'Fix', to: 'debug' });
    expect(r.mapped).toContainEqual({ dimension: 'language', from: 'py', to: 'python' });
    expect(r.mapped.some((m) => m.from === 'bug-fixing')).toBe(false);
    expect(r.problems).toEqual([]);
  });

  it('records unknown tags in unmapped and leaves them out', () => {
    const r = normaliseLabels({ language: ['python', 'klingon'], domain: 'underwater-basket-weaving' }, tax);
    expect(r.labels).toEqual({ language: ['python'] });
    expect(r.unmapped).toEqual([
      { dimension: 'language', value: 'klingon' },
      { dimension: 'domain', value: 'underwater-basket-weaving' },
    ]);
  });

  it('turns a single dimension array into a string and splits comma strings for multi dimensions', () => {
    const r = normaliseLabels({ difficulty: ['Easy'], language: 'python, sql' }, tax);
    expect(r.labels).toEqual({ difficulty: 'easy', language: ['python', 'sql'] });
  });

  it('reports several tags for a single dimension, keeping the first', () => {
    const r = normaliseLabels({ intent: ['build', 'debug'] }, tax);
    expect(r.labels['intent']).toBe('build');
    expect(r.problems[0]).toMatch(/intent: single-select dimension got 2 tags/);
  });

  it('reports shape problems: non-object, unknown dimension, non-string tags', () => {
    expect(normaliseLabels('build', tax).problems[0]).toMatch(/expected an object/);
    const r = normaliseLabels({ mood: 'happy', language: ['python', 3] }, tax);
    expect(r.problems).toEqual([expect.stringMatching(/^mood: unknown dimension/), expect.stringMatching(/^language\[1\]: expected a tag id string, got 3/)]);
    expect(r.labels['language']).toEqual(['python']);
  });
});
