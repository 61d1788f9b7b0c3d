import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';
import { runCliSync } from '../cli/__fixtures__/run-cli.js';
import { allocate, planSuggestion, type CandidateView } from './suggest.js';

const cli = (...args: string[]) => runCliSync(args, { fullEnv: process.env });
const tax = loadTaxonomy();

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gold-suggest-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base: Labels = { intent: 'build', language: ['python'], domain: 'general-programming', task: ['code-generation'], difficulty: 'easy', concept: ['none'], agentic: ['none'], constraint: ['none'], context: ['none'] };

describe('planSuggestion', () => {
  it('puts disagreeing, then uncovered, then low-confidence samples first, with inclusion probabilities n_h / N_h', () => {
    const views: CandidateView[] = [];
    const covered = new Map<string, number>();
    for (const dim of tax.dimensions) for (const t of [base[dim.id]!].flat()) covered.set(`${dim.id}\u0000${t}`, 10);
    covered.set('intent\u0000debug', 10);
    for (let i = 0; i < 40; i++) {
      const a = { ...base };
      const b = { ...base };
      if (i < 4) b.intent = 'debug'; // disagree
      else if (i < 10) a.concept = b.concept = ['recursion-backtracking']; // carries an under-covered tag
      const confidence = i >= 10 && i < 16 ? { intent: 0.4 } : { intent: 0.9 };
      views.push({ id: `c${String(i).padStart(2, '0')}`, labels: [a, b], confidence, source: 0 });
    }
    const plan = planSuggestion(views, { taxonomy: tax, goldCounts: covered, n: 10, seed: 7 });
    expect(plan.strata).toEqual({
      disagree: { population: 4, selected: 4, inclusion_probability: 1 },
      uncovered: { population: 6, selected: 3, inclusion_probability: 0.5 },
      'low-confidence': { population: 6, selected: 2, inclusion_probability: 2 / 6 },
      other: { population: 24, selected: 1, inclusion_probability: 1 / 24 },
    });
    expect(plan.candidates.map((c) => c.stratum)).toEqual(['disagree', 'disagree', 'disagree', 'disagree', 'uncovered', 'uncovered', 'uncovered', 'low-confidence', 'low-confidence', 'other']);
    expect(plan.candidates.filter((c) => c.stratum === 'disagree').map((c) => c.id).sort()).toEqual(['c00', 'c01', 'c02', 'c03']);
    expect(plan.candidates[0]!.reasons).toEqual(['disagree: intent']);
    expect(plan.candidates[4]!.reasons[0]).toBe('uncovered: concept:recursion-backtracking (0 in gold)');
    // Same seed, same choice.
    expect(planSuggestion(views, { taxonomy: tax, goldCounts: covered, n: 10, seed: 7 }).candidates).toEqual(plan.candidates);
  });

  it('allocates every non-empty stratum at least one place and never more than it holds', () => {
    expect(allocate([2, 100, 0, 100], 10)).toEqual([2, 7, 0, 1]); // unused places go to the first strata
    expect(allocate([1, 1, 1, 1], 3)).toEqual([1, 1, 1, 0]);
    expect(allocate([3, 0, 0, 0], 10)).toEqual([3, 0, 0, 0]);
  });
});

describe('gold suggest -> label -> review import -> gold bump (on a temp copy of gold/v1)', () => {
  it('chooses disagreeing and uncovered samples first, writes inclusion probabilities, and only labeled candidates become gold v2 with a change log', () => {
    // Production-like samples not in gold: 30 gold conversations under new ids, labeled by rules (A) and by a
    // configuration that disagrees on intent for 5 of them (B).
    const gold = join(tmp, 'gold');
    cpSync(packagePath('gold', 'v1'), gold, { recursive: true });
    const input = join(tmp, 'input.jsonl');
    const lines = readFileSync(packagePath('gold', 'v1', 'samples.jsonl'), 'utf8').trim().split('\n').slice(0, 30);
    writeFileSync(input, lines.map((l, i) => JSON.stringify({ ...JSON.parse(l), id: `p-${String(i).padStart(3, '0')}` })).join('\n') + '\n');
    const a = join(tmp, 'labeled_a.jsonl');
    expect(cli('label', '--model', 'rules', '--input', input, '--output', a, '--no-progress').code).toBe(0);
    const b = join(tmp, 'labeled_b.jsonl');
    const recs = readFileSync(a, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; labels: Labels });
    writeFileSync(b, recs.map((r, i) => JSON.stringify(i < 5 ? { ...r, labels: { ...r.labels, intent: r.labels.intent === 'debug' ? 'build' : 'debug' } } : r)).join('\n') + '\n');

    const csv = join(tmp, 'candidates.csv');
    const r = cli('gold', 'suggest', '--from', a, '--from', b, '--n', '12', '--output', csv, '--gold', gold);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/30 samples not in .* \(0 already in it\); chose 12/);
    const [head, ...rows] = parse(readFileSync(csv, 'utf8')) as string[][];
    const col = (name: string) => head!.indexOf(name);
    // The review CSV format (id, excerpt, issues, per dimension label/confidence/correction) plus the design columns.
    expect(head!.slice(0, 6)).toEqual(['id', 'excerpt', 'issues', 'intent', 'intent_confidence', 'intent_correction']);
    expect(head!.slice(-3)).toEqual(['stratum', 'inclusion_probability', 'reasons']);
    expect(rows).toHaveLength(12);
    // All five disagreeing samples first (probability 1), then samples carrying tags gold/v1 lacks.
    expect(rows.slice(0, 5).map((x) => x[0]).sort()).toEqual(['p-000', 'p-001', 'p-002', 'p-003', 'p-004']);
    expect(rows.slice(0, 5).every((x) => x[col('stratum')] === 'disagree' && x[col('inclusion_probability')] === '1.000000')).toBe(true);
    expect(rows[0]![col('intent')]).toMatch(/^labeled_a: \w+ \| labeled_b: \w+$/);
    const strata = rows.map((x) => x[col('stratum')]);
    expect(strata.indexOf('uncovered')).toBe(5);
    for (const x of rows) expect(Number(x[col('inclusion_probability')])).toBeGreaterThan(0);
    const samples = readFileSync(join(tmp, 'candidates.samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; selection: { inclusion_probability: number }; labels?: unknown });
    expect(samples.map((s) => s.id)).toEqual(rows.map((x) => x[0]));
    expect(samples[0]!.labels).toBeUndefined();
    expect(samples[0]!.selection.inclusion_probability).toBe(1);

    // A person labels three candidates in full, starts a fourth and leaves the rest empty: refused, nothing changes.
    const fill = (row: string[], rec: { labels: Labels }) => {
      for (const dim of tax.dimensions) row[col(`${dim.id}_correction`)] = [rec.labels[dim.id]!].flat().join('; ');
    };
    const byId = new Map(recs.map((x) => [x.id, x]));
    for (const row of rows.slice(0, 3)) fill(row, byId.get(row[0]!)!);
    rows[3]![col('intent_correction')] = 'debug';
    writeFileSync(csv, stringify([head!, ...rows]));
    const before = readFileSync(join(gold, 'samples.jsonl'), 'utf8');
    const partial = cli('review', 'import', csv, '--gold', gold, '--reviewer', 'erin');
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/is a new sample: it enters gold only with a person's label in every dimension; missing language_correction/);
    expect(readFileSync(join(gold, 'samples.jsonl'), 'utf8')).toBe(before);

    rows[3]![col('intent_correction')] = '';
    writeFileSync(csv, stringify([head!, ...rows]));
    const ok = cli('review', 'import', csv, '--gold', gold, '--reviewer', 'erin');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('added 3 sample(s) with a person\'s labels');
    const changelog = readFileSync(join(gold, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(/## Unreleased\n- added ids: p-00\d, p-00\d, p-00\d \(3 sample\(s\) chosen by gold suggest, strata disagree 3;/);
    // Not valid until the change gets a version: then gold bump makes 2.0.0.
    expect(cli('gold', 'validate', gold).code).toBe(2);
    writeFileSync(join(gold, 'CHANGELOG.md'), changelog.replace('## Unreleased', '## 2.0.0 — 2026-12-05'));
    const bump = cli('gold', 'bump', gold, '--to', '2.0.0');
    expect(bump.code).toBe(0);
    const v = cli('gold', 'validate', gold);
    expect(v.stderr.split('\n').filter((l) => l.startsWith('error'))).toEqual([]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('111 samples, 111 gold label sets');
    const manifest = JSON.parse(readFileSync(join(gold, 'gold.json'), 'utf8')) as { version: string; counts: { samples: number } };
    expect(manifest).toMatchObject({ version: '2.0.0', counts: { samples: 111 } });
    const added = readFileSync(join(gold, 'samples.jsonl'), 'utf8').trim().split('\n').slice(108).map((l) => JSON.parse(l) as { id: string; selection: Record<string, unknown> });
    expect(added.map((s) => s.selection)).toEqual(added.map(() => expect.objectContaining({ stratum: 'disagree', inclusion_probability: 1, labeled_by: 'erin', design: 'candidates.csv', from: ['labeled_a.jsonl', 'labeled_b.jsonl'] })));
    // Documented where users look.
    expect(cli('gold', 'suggest', '--help').stdout).toMatch(/Examples:\n  sft-label gold suggest --from/);
    expect(cli('review', 'import', '--help').stdout).toContain('sft-label review import candidates.csv --gold gold/v1');
    // The real gold set is untouched.
    expect(readFileSync(packagePath('gold', 'v1', 'gold.json'), 'utf8')).toContain('"version": "1.0.0"');
  });
});
