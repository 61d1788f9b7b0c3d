import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fleissKappa } from './fleiss.js';
import { cohenKappa, disagreementWeights, tableFrom, type Table } from './kappa.js';
import { krippendorffAlpha } from './krippendorff.js';
import { masiDistance } from './masi.js';

/** The published worked examples (see __fixtures__/README.md for provenance). */
interface Expected { value: number | number[]; tol: number }
interface Example { id: string; input: Record<string, any>; expected: Record<string, Expected>; expected_if_levels_1_to_6?: Record<string, Expected> }
const examples: Example[] = JSON.parse(readFileSync(new URL('./__fixtures__/agreement_examples.json', import.meta.url), 'utf8')).examples;
const byId = (id: string): Example => {
  const e = examples.find((x) => x.id === id);
  if (!e) throw new Error(`example ${id} missing from the fixture`);
  return e;
};
const close = (actual: number | null, exp: Expected | undefined): void => {
  expect(exp).toBeDefined();
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - (exp!.value as number))).toBeLessThanOrEqual(exp!.tol);
};

/** Table from two aligned rating vectors over the given ordered levels. */
const tableOfPairs = (r1: number[], r2: number[], levels: number[]): Table => {
  const k = levels.length;
  const rows = levels.map(() => levels.map(() => 0));
  r1.forEach((a, i) => rows[levels.indexOf(a)]![levels.indexOf(r2[i]!)]!++);
  return tableFrom(rows.slice(0, k));
};

/** Units (one value per rating) from a contingency table or a Fleiss count table. */
const unitsOfContingency = (t: number[][]): number[][] => t.flatMap((row, i) => row.flatMap((c, j) => Array.from({ length: c }, () => [i, j])));
const unitsOfCounts = (counts: number[][]): number[][] => counts.map((row) => row.flatMap((c, k) => Array.from({ length: c }, () => k)));
const transpose = <T>(m: T[][]): T[][] => m[0]!.map((_, j) => m.map((r) => r[j]!));

describe('cohenKappa on the published examples', () => {
  const contingency = examples.filter((e) => e.input.type === 'contingency');
  it.each(contingency.map((e) => [e.id, e] as const))('%s', (_id, e) => {
    const table = tableFrom(e.input.table);
    close(cohenKappa(table).value, e.expected.cohen_kappa);
    if (e.expected.p_o) {
      const total = table.t.reduce((a, b) => a + b, 0);
      let trace = 0;
      for (let i = 0; i < table.k; i++) trace += table.t[i * table.k + i]!;
      close(trace / total, e.expected.p_o);
    }
    if (e.expected.cohen_kappa_linear) close(cohenKappa(table, disagreementWeights(table.k, 'linear')).value, e.expected.cohen_kappa_linear);
    if (e.expected.cohen_kappa_quadratic) close(cohenKappa(table, disagreementWeights(table.k, 'quadratic')).value, e.expected.cohen_kappa_quadratic);
    if (e.expected.krippendorff_alpha_nominal) {
      close(krippendorffAlpha(unitsOfContingency(e.input.table), { metric: 'nominal' }).value, e.expected.krippendorff_alpha_nominal);
    }
  });

  it('Cohen 1968 Table 1: custom symmetric and non-symmetric disagreement weights (.348, .353)', () => {
    const e = byId('cohen_1968_table1');
    const table = tableFrom(e.input.table);
    close(cohenKappa(table, Float64Array.from(e.input.disagreement_weights.flat())).value, e.expected.cohen_kappa_custom_weights);
    close(cohenKappa(table, Float64Array.from(e.input.disagreement_weights_nonsymmetric.flat())).value, e.expected.cohen_kappa_custom_weights_nonsymmetric);
  });

  it('grant proposals (Wikipedia): kappa 0.4 exactly', () => {
    expect(cohenKappa(tableFrom([[20, 5], [10, 15]])).value).toBeCloseTo(0.4, 12);
  });

  it('irr anxiety raters 2 and 3: observed levels (irr/sklearn default) and declared levels 1..6 differ', () => {
    const e = byId('irr_anxiety_raters_2_3');
    const { rater1, rater2, levels_observed, levels_declared } = e.input;
    const observed = tableOfPairs(rater1, rater2, levels_observed);
    close(cohenKappa(observed).value, e.expected.cohen_kappa);
    close(cohenKappa(observed, disagreementWeights(observed.k, 'linear')).value, e.expected.cohen_kappa_linear);
    close(cohenKappa(observed, disagreementWeights(observed.k, 'quadratic')).value, e.expected.cohen_kappa_quadratic);
    const declared = tableOfPairs(rater1, rater2, levels_declared);
    const exp6 = e.expected_if_levels_1_to_6!;
    close(cohenKappa(declared).value, exp6.cohen_kappa);
    close(cohenKappa(declared, disagreementWeights(declared.k, 'linear')).value, exp6.cohen_kappa_linear);
    close(cohenKappa(declared, disagreementWeights(declared.k, 'quadratic')).value, exp6.cohen_kappa_quadratic);
  });
});

describe('fleissKappa on the published examples', () => {
  it('Wikipedia 10 subjects x 14 raters: 0.210, P̄ 0.378, P̄e 0.213', () => {
    const e = byId('fleiss_wikipedia_14_raters');
    const r = fleissKappa(e.input.counts);
    close(r.kappa.value, e.expected.fleiss_kappa);
    close(r.p_bar, e.expected.fleiss_P_bar);
    close(r.pe_bar, e.expected.fleiss_Pe_bar);
  });

  it('Fleiss 1971 diagnoses (30 x 6): 0.430', () => {
    const e = byId('fleiss_1971_diagnoses');
    const cats: number[] = e.input.categories;
    const counts = (e.input.ratings as number[][]).map((u) => cats.map((c) => u.filter((v) => v === c).length));
    close(fleissKappa(counts).kappa.value, e.expected.fleiss_kappa);
  });

  it('irrCAC distrib.6raters: Fleiss 0.4139265, P̄ 0.5511111, and Krippendorff nominal 0.4204384', () => {
    const e = byId('irrCAC_distrib_6raters');
    const r = fleissKappa(e.input.counts);
    close(r.kappa.value, e.expected.fleiss_kappa);
    close(r.p_bar, e.expected.fleiss_P_bar);
    close(krippendorffAlpha(unitsOfCounts(e.input.counts), { metric: 'nominal' }).value, e.expected.krippendorff_alpha_nominal);
  });
});

describe('krippendorffAlpha on the published examples', () => {
  it('Krippendorff 2011 reliability data with missing values: nominal .743, ordinal .815, interval .849, ratio .797', () => {
    const e = byId('krippendorff_2011_reliability_data');
    const units = transpose<number | null>(e.input.ratings);
    close(krippendorffAlpha(units, { metric: 'nominal' }).value, e.expected.krippendorff_alpha_nominal);
    close(krippendorffAlpha(units, { metric: 'ordinal' }).value, e.expected.krippendorff_alpha_ordinal);
    close(krippendorffAlpha(units, { metric: 'interval' }).value, e.expected.krippendorff_alpha_interval);
    close(krippendorffAlpha(units, { metric: 'ratio' }).value, e.expected.krippendorff_alpha_ratio);
  });

  it('Wikipedia 3 coders x 15 units: nominal 0.691, interval 0.811', () => {
    const e = byId('krippendorff_wikipedia_3_coders');
    const units = transpose<number | null>(e.input.ratings);
    close(krippendorffAlpha(units, { metric: 'nominal' }).value, e.expected.krippendorff_alpha_nominal);
    close(krippendorffAlpha(units, { metric: 'interval' }).value, e.expected.krippendorff_alpha_interval);
  });

  it('alpha with MASI, constructed: exact thirds give 7/32; NLTK rounding (0.67/0.33) gives 0.2190432', () => {
    const e = byId('alpha_masi_constructed');
    const units = e.input.items as string[][][];
    const key = (s: string[]) => [...s].sort().join(',');
    close(krippendorffAlpha(units, { metric: (a, b) => masiDistance(a, b), key }).value, e.expected.alpha_masi_exact);
    close(krippendorffAlpha(units, { metric: (a, b) => nltkMasi(a, b), key }).value, e.expected.alpha_masi_nltk);
  });
});

/** NLTK 3.8's rounded MASI, only to show the published NLTK figure follows from the same alpha code. */
function nltkMasi(a: string[], b: string[]): number {
  const A = new Set(a);
  const B = new Set(b);
  const i = [...A].filter((x) => B.has(x)).length;
  const u = new Set([...A, ...B]).size;
  const m = A.size === B.size && i === A.size ? 1 : i === A.size || i === B.size ? 0.67 : i > 0 ? 0.33 : 0;
  return 1 - (i / u) * m;
}

describe('masiDistance on the worked values', () => {
  it.each(['masi_nltk_docstring', 'masi_nltk_doctest'])('%s (exact thirds; NLTK rounded reproduced separately)', (id) => {
    const e = byId(id);
    close(masiDistance(e.input.a, e.input.b), e.expected.masi_distance_exact);
    close(nltkMasi(e.input.a.map(String), e.input.b.map(String)), e.expected.masi_distance_nltk);
  });

  it('definition cases: identical, subset, overlap, disjoint, superset', () => {
    const e = byId('masi_definition_cases');
    const exp = e.expected.masi_distance_exact_list!;
    (e.input.pairs as string[][][]).forEach(([a, b], i) => {
      expect(Math.abs(masiDistance(a!, b!) - (exp.value as number[])[i]!)).toBeLessThanOrEqual(exp.tol);
    });
  });
});
