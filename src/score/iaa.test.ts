import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { interAnnotatorAgreement } from './iaa.js';

const tax = loadTaxonomy();
const examples = JSON.parse(readFileSync(new URL('./__fixtures__/agreement_examples.json', import.meta.url), 'utf8')).examples as Array<{ id: string; input: any }>;
const intents = tax.byId.get('intent')!.tags.map((t) => t.id);
const levels = tax.ordinalLevels.get('difficulty')!;

describe('interAnnotatorAgreement', () => {
  it('reproduces Krippendorff 2011 (4 annotators, missing values): nominal .743 on intent, ordinal .815 on difficulty', () => {
    const ratings: (number | null)[][] = examples.find((e) => e.id === 'krippendorff_2011_reliability_data')!.input.ratings;
    const annotations = new Map<string, Map<string, Labels>>();
    ratings.forEach((row, a) => {
      const m = new Map<string, Labels>();
      row.forEach((v, u) => {
        if (v !== null) m.set(`u${String(u).padStart(2, '0')}`, { intent: intents[v - 1]!, difficulty: levels[v - 1]! });
      });
      annotations.set(`coder${a}`, m);
    });
    const r = interAnnotatorAgreement({ annotations, taxonomy: tax, dims: ['intent', 'difficulty'] });
    expect(r.annotators).toEqual(['coder0', 'coder1', 'coder2', 'coder3']);
    expect(r.items).toBe(12);
    expect(r.dimensions.intent!.alpha.metric).toBe('nominal');
    expect(r.dimensions.intent!.alpha.value).toBeCloseTo(0.743, 3);
    expect(r.dimensions.difficulty!.alpha.metric).toBe('ordinal');
    expect(r.dimensions.difficulty!.alpha.value).toBeCloseTo(0.815, 3);
    expect(r.dimensions.intent!.alpha.units).toBe(11);
    expect(r.dimensions.intent!.pairwise).toHaveLength(6);
    // Items coded by all four: units 2-9 (8 items).
    expect(r.dimensions.intent!.fleiss!.subjects).toBe(8);
  });

  it('reproduces Fleiss 1971 (0.430) over 6 rating slots, and pairwise Cohen kappa 0.4 on the grant-proposal table', () => {
    const ratings: number[][] = examples.find((e) => e.id === 'fleiss_1971_diagnoses')!.input.ratings;
    const annotations = new Map<string, Map<string, Labels>>();
    for (let r = 0; r < 6; r++) annotations.set(`r${r}`, new Map(ratings.map((u, i) => [`p${i}`, { intent: intents[u[r]! - 1]! }])));
    expect(interAnnotatorAgreement({ annotations, taxonomy: tax, dims: ['intent'] }).dimensions.intent!.fleiss!.kappa).toBeCloseTo(0.4302445, 7);

    const a = new Map<string, Labels>();
    const b = new Map<string, Labels>();
    const cells: Array<[string, string, number]> = [['build', 'build', 20], ['build', 'debug', 5], ['debug', 'build', 10], ['debug', 'debug', 15]];
    let i = 0;
    for (const [x, y, c] of cells) for (let k = 0; k < c; k++, i++) {
      a.set(`g${i}`, { intent: x });
      b.set(`g${i}`, { intent: y });
    }
    const pair = interAnnotatorAgreement({ annotations: new Map([['ann1', a], ['ann2', b]]), taxonomy: tax, dims: ['intent'] });
    expect(pair.dimensions.intent!.pairwise[0]).toMatchObject({ a: 'ann1', b: 'ann2', n: 50 });
    expect(pair.dimensions.intent!.pairwise[0]!.kappa).toBeCloseTo(0.4, 12);
  });

  it('uses MASI alpha for multi dimensions, pairwise kappa_macro and alpha_masi, and no Fleiss', () => {
    const a = new Map<string, Labels>([['1', { language: ['python'] }], ['2', { language: ['python', 'sql'] }], ['3', { language: ['sql'] }]]);
    const b = new Map<string, Labels>([['1', { language: ['python'] }], ['2', { language: ['python'] }], ['3', { language: ['go'] }]]);
    const r = interAnnotatorAgreement({ annotations: new Map([['x', a], ['y', b]]), taxonomy: tax, dims: ['language'] });
    const d = r.dimensions.language!;
    expect(d.fleiss).toBeUndefined();
    expect(d.alpha.metric).toBe('masi');
    expect(d.alpha.value).toBeCloseTo(7 / 32, 12);
    expect(d.pairwise[0]!.alpha_masi).toBeCloseTo(7 / 32, 12);
    expect(d.pairwise[0]).toHaveProperty('kappa_macro');
  });

  it('reports undefined agreement as null with a note when everyone gives the same label', () => {
    const same = new Map<string, Labels>([['1', { intent: 'build' }], ['2', { intent: 'build' }]]);
    const r = interAnnotatorAgreement({ annotations: new Map([['x', same], ['y', same]]), taxonomy: tax, dims: ['intent'] });
    expect(r.dimensions.intent!.alpha).toMatchObject({ value: null });
    expect(r.dimensions.intent!.alpha.note).toBeTruthy();
    expect(r.dimensions.intent!.fleiss!.kappa).toBeNull();
    expect(r.dimensions.intent!.pairwise[0]!.kappa).toBeNull();
    expect(r.dimensions.intent!.pairwise[0]!.kappa_note).toMatch(/chance agreement/);
  });
});
