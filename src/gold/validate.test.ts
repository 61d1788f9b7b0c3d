import { rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../taxonomy/index.js';
import { useGoldCopies, editJsonl, GOLD_V1, labelsOf } from './__fixtures__/broken.js';
import { validateGoldSet } from './validate.js';

const taxonomy = loadTaxonomy();
const copy = useGoldCopies();

describe('validateGoldSet', () => {
  it('passes gold/v1: every sample reads, every label set is valid, manifest matches', async () => {
    const r = await validateGoldSet(GOLD_V1, { taxonomy });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.counts).toEqual({ samples: 108, labels: 108, annotations: { ann1: 108, ann2: 108 } });
    for (const v of r.ruleViolations) expect(v.message.startsWith(v.rule)).toBe(true);
  });

  it('fails a broken copy with file, line, id, dimension and value for each problem', async () => {
    const dir = copy();
    const labels = join(dir, 'labels.jsonl');
    const ann1 = join(dir, 'annotations', 'ann1.jsonl');
    const samples = join(dir, 'samples.jsonl');
    editJsonl(labels, (rows) =>
      rows.map((r, i) => {
        if (i === 1) return { ...r, labels: { ...labelsOf(r), language: ['pyhton'] } }; // unknown tag, line 2
        if (i === 2) return { ...r, labels: { ...labelsOf(r), concept: ['none', 'recursion'] } }; // none + tag, line 3
        if (i === 3) return { ...r, id: 'a-999' }; // id not in samples, line 4
        return r;
      }),
    );
    editJsonl(ann1, (rows) => rows.map((r, i) => (i === 4 ? { ...r, labels: { ...labelsOf(r), domain: ['web-backend', 'web-frontend'] } } : r)));
    editJsonl(samples, (rows) => [...rows.slice(0, 6), { ...rows[6]!, id: 'a-006' }, ...rows.slice(7)]); // line 7 duplicates a-006
    const r = await validateGoldSet(dir, { taxonomy });
    expect(r.errors).toContain(`${labels}:2: id "a-002": language: "pyhton" is not a tag of this dimension`);
    expect(r.errors).toContain(`${labels}:3: id "a-003": concept: "none" cannot be combined with "recursion"`);
    expect(r.errors).toContain(`${labels}:4: id "a-999": not in ${samples}`);
    expect(r.errors.some((e) => e.startsWith(`${ann1}:5: id "a-005": domain: single-select dimension must be one tag id string`))).toBe(true);
    expect(r.errors).toContain(`${samples}:7: id "a-006": duplicate (first on line 6)`);
    expect(r.errors.some((e) => e.startsWith(`${labels}: sha256 differs`))).toBe(true);
  });

  it('reports a sample the reader cannot turn into a conversation, with its line', async () => {
    const dir = copy();
    const samples = join(dir, 'samples.jsonl');
    editJsonl(samples, (rows) => rows.map((r, i) => (i === 9 ? { id: r['id'], conversations: [{ from: 'gpt', value: 'no question' }] } : r)));
    const r = await validateGoldSet(dir, { taxonomy });
    expect(r.errors.some((e) => e.startsWith(`${samples}:10: `) && e.includes('cannot be read as a conversation'))).toBe(true);
  });

  it('lists every problem of a set without samples.jsonl instead of stopping at the missing file', async () => {
    const dir = copy();
    rmSync(join(dir, 'samples.jsonl'));
    const r = await validateGoldSet(dir, { taxonomy });
    expect(r.errors).toContain(`${join(dir, 'samples.jsonl')}: missing (a gold set needs samples.jsonl with one record per line)`);
    expect(r.errors.filter((e) => e.includes('not in'))).toHaveLength(108 * 3);
  });

  it('warns, not fails, when gold.json is missing', async () => {
    const dir = copy();
    rmSync(join(dir, 'gold.json'));
    const r = await validateGoldSet(dir, { taxonomy });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([`${join(dir, 'gold.json')}: missing (a gold set records name, version, counts and sha256 of its files)`]);
  });

  it('lists consistency-rule violations and fails on error-severity ones only with strictRules', async () => {
    const dir = copy();
    const labels = join(dir, 'labels.jsonl');
    // a-001 is a single-turn chat: multi-turn-dependency (an error-severity rule) needs two human turns.
    editJsonl(labels, (rows) => rows.map((r, i) => (i === 0 ? { ...r, labels: { ...labelsOf(r), context: ['multi-turn-dependency'] } } : r)));
    writeFileSync(join(dir, 'gold.json'), readFileSync(join(GOLD_V1, 'gold.json'), 'utf8').replace(/"labels.jsonl": "[0-9a-f]+"/, `"labels.jsonl": "${'0'.repeat(64)}"`));
    const lax = await validateGoldSet(dir, { taxonomy });
    const v = lax.ruleViolations.find((x) => x.id === 'a-001' && x.rule === 'multi-turn-dependency-requires-turns');
    expect(v).toMatchObject({ file: labels, line: 1, severity: 'error' });
    expect(lax.errors.some((e) => e.includes('multi-turn-dependency-requires-turns'))).toBe(false);
    const strict = await validateGoldSet(dir, { taxonomy, strictRules: true });
    expect(strict.errors.some((e) => e.startsWith(`${labels}:1: id "a-001": multi-turn-dependency-requires-turns`))).toBe(true);
  });
});
