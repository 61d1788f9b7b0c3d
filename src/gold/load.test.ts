import { writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { useGoldCopies, editJsonl, GOLD_V1, labelsOf } from './__fixtures__/broken.js';
import { loadGoldSet, readGoldSet } from './load.js';

const copy = useGoldCopies();

describe('readGoldSet', () => {
  it('reads gold/v1 with no problems: 108 samples, labels and two full passes', () => {
    const { set, problems } = readGoldSet(GOLD_V1);
    expect(problems).toEqual([]);
    expect(set.samples).toHaveLength(108);
    expect(set.labels).toHaveLength(108);
    expect(Object.keys(set.annotations)).toEqual(['ann1', 'ann2']);
    expect(set.annotations['ann1']).toHaveLength(108);
    expect(set.samples.filter((s) => s.value.gold_source)).toHaveLength(48);
    expect(set.manifest?.version).toBe('1.0.0');
  });

  it('names file and line of a duplicate id, an id without a sample and a sample without labels', () => {
    const dir = copy();
    editJsonl(join(dir, 'labels.jsonl'), (rows) => {
      const out = rows.filter((r) => r['id'] !== 'a-010');
      out.splice(2, 0, { ...rows[0]!, id: 'a-001' }); // line 3 repeats a-001
      out.push({ ...rows[5]!, id: 'zz-999' });
      return out;
    });
    const { problems } = readGoldSet(dir);
    const f = join(dir, 'labels.jsonl');
    expect(problems).toContain(`${f}:3: id "a-001": duplicate (first on line 1)`);
    expect(problems).toContain(`${f}:109: id "zz-999": not in ${join(dir, 'samples.jsonl')}`);
    expect(problems.some((p) => p.startsWith(`${join(dir, 'samples.jsonl')}:10: id "a-010": has no gold labels`))).toBe(true);
  });

  it('reports bad JSON and bad shapes with their line and never stops at the first', () => {
    const dir = copy();
    appendFileSync(join(dir, 'annotations', 'ann2.jsonl'), '{"id": "a-001", "labels": \n{"id": "a-002", "labels": {"intent": 3}}\n');
    const { problems } = readGoldSet(dir);
    const f = join(dir, 'annotations', 'ann2.jsonl');
    expect(problems.some((p) => p.startsWith(`${f}:109: invalid JSON`))).toBe(true);
    expect(problems.some((p) => p.startsWith(`${f}:110: id "a-002": labels.intent:`))).toBe(true);
  });

  it('requires every annotation pass to cover every sample', () => {
    const dir = copy();
    editJsonl(join(dir, 'annotations', 'ann1.jsonl'), (rows) => rows.filter((r) => r['id'] !== 'r-047'));
    const { problems } = readGoldSet(dir);
    expect(problems.some((p) => p.includes('id "r-047"') && p.includes('not annotated in this pass'))).toBe(true);
  });
});

describe('loadGoldSet', () => {
  it('returns the set when it is sound', () => {
    expect(loadGoldSet(GOLD_V1).labels[0]?.value.id).toBe('a-001');
  });
  it('throws ConfigError listing every problem of a broken set', () => {
    const dir = copy();
    writeFileSync(join(dir, 'labels.jsonl'), '');
    editJsonl(join(dir, 'annotations', 'ann1.jsonl'), (rows) => rows.map((r, i) => (i === 0 ? { ...r, labels: { ...labelsOf(r), extra: 1 } } : r)));
    try {
      loadGoldSet(dir);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems.filter((p) => p.includes('has no gold labels'))).toHaveLength(108);
      expect(problems.some((p) => p.includes('ann1.jsonl:1: id "a-001": labels.extra'))).toBe(true);
    }
  });
});
