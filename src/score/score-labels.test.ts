import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { ScoreReportSchema } from './report.js';
import { scoreLabels } from './score-labels.js';

const tax = loadTaxonomy();
const L = (intent: string, difficulty: string, language: string[]): Labels => ({ intent, difficulty, language });

const gold = new Map<string, Labels>([
  ['a', L('build', 'easy', ['python'])],
  ['b', L('debug', 'intermediate', ['python', 'sql'])],
  ['c', L('learn', 'trivial', ['javascript'])],
  ['d', L('build', 'advanced', ['rust'])],
  ['e', L('debug', 'expert', [])],
  ['only-gold', L('build', 'easy', ['go'])],
]);
const pred = new Map<string, Labels | null>([
  ['a', L('build', 'easy', ['python'])],
  ['b', L('debug', 'easy', ['python'])],
  ['c', L('build', 'trivial', ['javascript', 'typescript'])],
  ['d', null],
  ['e', L('debug', 'expert', [])],
  ['only-pred', L('build', 'easy', ['go'])],
]);

describe('scoreLabels', () => {
  const report = scoreLabels({ gold, pred, taxonomy: tax, dims: ['intent', 'difficulty', 'language'], bootstrap: 200, seed: 7 });

  it('produces a report that its own zod schema accepts', () => {
    expect(ScoreReportSchema.parse(JSON.parse(JSON.stringify(report)))).toBeTruthy();
  });

  it('reports ids on one side only and failed ids, and scores only the common ids', () => {
    expect(report.coverage).toEqual({ gold_only: ['only-gold'], pred_only: ['only-pred'], failed: ['d'] });
    expect(report.n).toBe(5);
    expect(report.dimensions.intent!.n).toBe(5);
  });

  it('counts a failed sample as wrong in its own <none> category', () => {
    const intent = report.dimensions.intent!;
    if (intent.kind !== 'single') throw new Error('kind');
    expect(intent.accuracy).toBeCloseTo(3 / 5, 12);
    expect(intent.confusion.labels.at(-1)).toBe('<none>');
    expect(intent.headline_metric).toBe('kappa');
    expect(intent.headline).toBe(intent.kappa);
  });

  it('weights difficulty over the declared levels in rank order and leaves failed items out of weighted kappa', () => {
    const d = report.dimensions.difficulty!;
    if (d.kind !== 'ordinal') throw new Error('kind');
    expect(d.confusion.labels.slice(0, 5)).toEqual(['trivial', 'easy', 'intermediate', 'advanced', 'expert']);
    expect(d.n_invalid).toBe(1);
    // a exact, b off by one, c exact, d failed, e exact.
    expect(d.within_one).toBeCloseTo(4 / 5, 12);
    expect(d.mean_abs_error).toBeCloseTo(1 / 4, 12);
    expect(d.headline_metric).toBe('kappa_quadratic');
    expect(d.kappa_quadratic_ci95).toBeDefined();
  });

  it('scores multi dimensions: exact match, jaccard with empty = 1, per-tag scores', () => {
    const m = report.dimensions.language!;
    if (m.kind !== 'multi') throw new Error('kind');
    // a exact, b {python,sql}/{python} J=1/2, c J=1/2, d failed -> {} vs {rust} J=0, e {} vs {} -> 1.
    expect(m.exact_match).toBeCloseTo(2 / 5, 12);
    expect(m.jaccard).toBeCloseTo((1 + 0.5 + 0.5 + 0 + 1) / 5, 12);
    expect(m.per_tag.sql).toEqual({ precision: null, recall: 0, f1: 0, support: 1 });
    expect(m.per_tag.typescript).toEqual({ precision: 0, recall: null, f1: 0, support: 0 });
    expect(m.micro_f1).toBeCloseTo((2 * 3) / (5 + 4), 12);
    expect(m.headline).toBe(m.alpha_masi);
  });

  it('overall is the macro mean of the headlines, and every CI contains its point estimate here', () => {
    const hs = Object.values(report.dimensions).map((d) => d.headline as number);
    expect(report.overall).toBeCloseTo(hs.reduce((a, b) => a + b, 0) / hs.length, 12);
    expect(report.overall_ci95![0]).toBeLessThanOrEqual(report.overall!);
    expect(report.overall_ci95![1]).toBeGreaterThanOrEqual(report.overall!);
  });

  it('is deterministic for a seed', () => {
    const again = scoreLabels({ gold, pred, taxonomy: tax, dims: ['intent', 'difficulty', 'language'], bootstrap: 200, seed: 7 });
    expect(again).toEqual(report);
  });

  it('writes null with a note (never NaN) when a headline is undefined, and leaves it out of overall', () => {
    const same = new Map<string, Labels>([['x', L('build', 'easy', ['python'])], ['y', L('build', 'hard', ['go'])]]);
    const r = scoreLabels({ gold: same, pred: same, taxonomy: tax, dims: ['intent', 'language'], bootstrap: 0 });
    const intent = r.dimensions.intent!;
    expect(intent.headline).toBeNull();
    expect(intent.headline_note).toMatch(/chance agreement is 1/);
    expect(r.overall).toBe(1);
    expect(JSON.stringify(r)).not.toMatch(/NaN/);
    expect(r.overall_ci95).toBeUndefined();
  });

  it('handles no common ids without throwing', () => {
    const r = scoreLabels({ gold, pred: new Map(), taxonomy: tax, bootstrap: 10 });
    expect(r.n).toBe(0);
    expect(r.overall).toBeNull();
    expect(r.coverage.gold_only).toHaveLength(6);
  });

  it('refuses unknown dimensions with a UsageError', () => {
    expect(() => scoreLabels({ gold, pred, taxonomy: tax, dims: ['intnet'] })).toThrow(UsageError);
  });
});
