import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../util/paths.js';
import { ScoreReportSchema } from './report.js';
import { runCliSync } from '../cli/__fixtures__/run-cli.js';

/** Run the built CLI (dist/, built by `npm test` or `npx tsc -p tsconfig.build.json`) as a user would. */
const cli = (...args: string[]) => runCliSync(args, { fullEnv: process.env });
const fx = (name: string) => packagePath('src', 'score', '__fixtures__', name);

describe('sft-label score', () => {
  it('prints a table and writes a JSON report matching the schema, with coverage', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'score-cli-')), 'metrics.json');
    const r = cli('score', '--gold', fx('gold'), '--pred', fx('pred.jsonl'), '--json', out, '--dims', 'intent,difficulty,language', '--bootstrap', '100', '--seed', '5');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/intent\s+│ single/);
    expect(r.stdout).toMatch(/difficulty\s+│ ordinal\s+│ 5\s+│ kappa_quadratic/);
    expect(r.stdout).toContain('1 failed (counted as wrong), 1 gold-only and 1 pred-only ids excluded');
    const report = ScoreReportSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(Object.keys(report.dimensions)).toEqual(['intent', 'language', 'difficulty']);
    expect(report.coverage).toEqual({ gold_only: ['s6'], pred_only: ['extra'], failed: ['s4'] });
    expect(report.bootstrap).toEqual({ resamples: 100, seed: 5 });
    const intent = report.dimensions.intent!;
    expect(intent.kind === 'single' && intent.accuracy).toBeCloseTo(3 / 5, 12);
  });

  it('exits 2 with file:line problems for a bad prediction file', () => {
    const r = cli('score', '--gold', fx('gold'), '--pred', fx('bad-pred.jsonl'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad-pred.jsonl:3: invalid JSON');
  });

  it('exits 2 on an unknown dimension or a bad --bootstrap', () => {
    expect(cli('score', '--gold', fx('gold'), '--pred', fx('pred.jsonl'), '--dims', 'intnet').code).toBe(2);
    const r = cli('score', '--gold', fx('gold'), '--pred', fx('pred.jsonl'), '--bootstrap', '-3');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--bootstrap');
  });
});

describe('sft-label compare', () => {
  it('compares A and B on the shared gold samples (paired) and writes JSON', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'score-cli-')), 'compare.json');
    const r = cli('compare', '--gold', fx('gold'), fx('pred.jsonl'), fx('pred-b.json'), '--dims', 'intent,difficulty,language', '--bootstrap', '200', '--json', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/McNemar/);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.n).toBe(5);
    expect(json.excluded).toEqual({ missing_in_a: ['s6'], missing_in_b: [], not_in_gold: ['extra'] });
    expect(json.failed.a).toEqual(['s4']);
    // B is the gold itself: every dimension's difference is >= 0 and B's headlines are 1.
    for (const d of Object.values(json.dimensions) as Array<{ b: number; diff: number }>) {
      expect(d.b).toBe(1);
      expect(d.diff).toBeGreaterThanOrEqual(0);
    }
    expect(json.mcnemar_all).toMatchObject({ a_only: 0, b_only: 3 });
    // What these 5 samples can resolve: a detectable-drop column and, per dimension, a value or a reason.
    expect(r.stdout).toMatch(/detectable drop/);
    expect(json.detectable.n).toBe(5);
    for (const d of Object.values(json.detectable.dimensions) as Array<{ detectable_drop: number | null; note?: string }>) {
      if (d.detectable_drop === null) expect(d.note).toBeTruthy();
      else expect(d.detectable_drop).toBeGreaterThan(0);
    }
  });
});
