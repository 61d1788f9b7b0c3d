import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadTaxonomy } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';
import { compareLabelCounts } from './drift.js';
import { formatDrift } from './format.js';
import { readLabelCounts } from './read.js';

const taxonomy = loadTaxonomy();
const FIX = packagePath('src', 'drift', '__fixtures__');

describe('readLabelCounts', () => {
  it('counts records, labeled records and tag occurrences from JSONL and a JSON array', async () => {
    const a = await readLabelCounts(join(FIX, 'a.jsonl'), taxonomy);
    expect([a.records, a.labeled]).toEqual([5, 4]);
    expect(Object.fromEntries(a.counts.get('intent')!)).toEqual({ build: 2, debug: 2 });
    expect(Object.fromEntries(a.counts.get('language')!)).toEqual({ python: 3, sql: 1, go: 1 });
    expect(a.carriers.get('concept')).toBe(0);
    const b = await readLabelCounts(join(FIX, 'b.json'), taxonomy);
    expect([b.records, b.labeled]).toEqual([4, 4]);
    expect(Object.fromEntries(b.counts.get('language')!)).toEqual({ python: 3, rust: 2 });
  });
});

describe('compareLabelCounts', () => {
  it('reports TVD, chi-square, appeared and vanished tags per dimension (hand-computed)', async () => {
    const a = await readLabelCounts(join(FIX, 'a.jsonl'), taxonomy);
    const b = await readLabelCounts(join(FIX, 'b.json'), taxonomy);
    const r = compareLabelCounts(a, b, taxonomy);
    const intent = r.dimensions.intent!;
    // A build 2/4, debug 2/4; B build 3/4, convert 1/4: |.25| + |.5| + |.25| = 1 -> TVD 0.5.
    expect(intent.tvd).toBeCloseTo(0.5, 12);
    expect(intent.appeared).toEqual(['convert']);
    expect(intent.vanished).toEqual(['debug']);
    // Every cell is sparse at n = 4 + 4 (expected < 5): everything pools, nothing left to test.
    expect(intent.chi_square).toBeNull();
    const lang = r.dimensions.language!;
    expect(lang.unit).toBe('tag occurrences');
    expect([lang.n_a, lang.n_b]).toEqual([5, 5]);
    // python 3/5 vs 3/5, sql .2 vs 0, go .2 vs 0, rust 0 vs .4 -> TVD 0.4.
    expect(lang.tvd).toBeCloseTo(0.4, 12);
    expect(lang.appeared).toEqual(['rust']);
    expect(lang.vanished).toEqual(['go', 'sql']);
    expect(lang.top_shifts[0]).toMatchObject({ tag: 'rust', diff: 0.4 });
    expect(r.dimensions.domain!.tvd).toBe(0);
    expect(r.dimensions.concept!.tvd).toBeNull();
    expect(formatDrift(r)).toMatch(/intent: appeared: convert \| vanished: debug/);
  });
  it('tests with minExpected lowered so small tables are not pooled', async () => {
    const a = await readLabelCounts(join(FIX, 'a.jsonl'), taxonomy);
    const b = await readLabelCounts(join(FIX, 'b.json'), taxonomy);
    const chi = compareLabelCounts(a, b, taxonomy, { minExpected: 0 }).dimensions.intent!.chi_square!;
    // Cells (A,B): build (2,3) exp 2.5/2.5; debug (2,0) exp 1/1; convert (0,1) exp .5/.5 -> 0.2 + 2 + 1 = 3.2.
    expect(chi.statistic).toBeCloseTo(3.2, 12);
    expect(chi.df).toBe(2);
    expect(chi.p_value).toBeCloseTo(Math.exp(-1.6), 12);
  });
});
