import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliSync } from '../cli/__fixtures__/run-cli.js';
import { buildMetrics, type RunLine } from '../runner/index.js';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';

const cli = (...args: string[]) => runCliSync(args, { fullEnv: process.env });
const taxonomy = loadTaxonomy();
const DIMS = taxonomy.dimensions.map((d) => d.id);

let tmp: string;
let labeled: string;
let gold: Map<string, Labels>;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'review-budget-'));
  // Ten gold samples labeled with their gold labels; s_i has intent confidence 0.5 + 0.05 i and 0.9 elsewhere,
  // except a-004 (language 0.3) and a-008 (labeling failed).
  const goldDir = packagePath('gold', 'v1');
  const samples = readFileSync(join(goldDir, 'samples.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 10).map((l) => JSON.parse(l) as { id: string });
  gold = new Map(readFileSync(join(goldDir, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; labels: Labels }).map((r) => [r.id, r.labels]));
  labeled = join(tmp, 'labeled.jsonl');
  const lines = samples.map((s, i) => {
    const confidence = Object.fromEntries(DIMS.map((d) => [d, 0.9]));
    confidence.intent = 0.5 + 0.05 * i;
    if (i === 3) confidence.language = 0.3;
    return JSON.stringify({ ...s, labels: i === 7 ? null : gold.get(s.id), confidence });
  });
  writeFileSync(labeled, `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function readCsv(file: string): Array<Record<string, string>> {
  return parse(readFileSync(file, 'utf8'), { columns: true }) as Array<Record<string, string>>;
}

describe('sft-label review export --budget', () => {
  it('picks the lowest-confidence samples, says which dimensions to check, and adds a seeded random audit share', () => {
    const out = join(tmp, 'budget.csv');
    const r = cli('review', 'export', '--input', labeled, '--output', out, '--budget', '4', '--random-share', '0.25');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote');
    expect(r.stdout).toContain('selected 4 of 10 samples: 3 lowest confidence, 1 at random (audit: check every dimension)');
    const rows = readCsv(out);
    expect(Object.keys(rows[0]!).slice(0, 6)).toEqual(['id', 'selection', 'priority', 'check', 'excerpt', 'issues']);
    const random = rows.filter((x) => x.selection === 'random');
    expect(random).toHaveLength(1);
    expect(random[0]!.check).toBe(DIMS.join('; '));
    // By hand: lowest per sample a-001 0.50 (intent), a-002 0.55, a-003 0.60, a-004 0.30 (language), ... a-008 failed.
    const order = [['a-004', '0.30', 'language'], ['a-001', '0.50', 'intent'], ['a-002', '0.55', 'intent'], ['a-003', '0.60', 'intent'], ['a-005', '0.70', 'intent']];
    const expected = order.filter(([id]) => id !== random[0]!.id).slice(0, 3);
    expect(rows.filter((x) => x.selection === 'low-confidence').map((x) => [x.id, x.priority, x.check])).toEqual(expected);
    // Same seed, same file; the CSV still imports (the extra columns are ignored).
    const again = join(tmp, 'again.csv');
    expect(cli('review', 'export', '--input', labeled, '--output', again, '--budget', '4', '--random-share', '0.25').code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
    const goldCopy = join(tmp, 'gold');
    cpSync(packagePath('gold', 'v1'), goldCopy, { recursive: true });
    const [head, ...cells] = parse(readFileSync(out, 'utf8')) as string[][];
    cells.find((c) => c[0] === expected[0]![0])![head!.indexOf('intent_correction')] = 'learn';
    writeFileSync(out, stringify([head!, ...cells]));
    const imp = cli('review', 'import', out, '--gold', goldCopy, '--dry-run');
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain(`would change 1 label(s)`);
  });

  it('ranks by calibrated confidence with --calibration: an overconfident high confidence comes first', () => {
    // A run whose intent reliability says: at 0.5 stated, 90% agree; at 0.95 stated, 10% agree.
    const monitor = { version: 1 as const, labeler: 'x', model: 'x', prompt_version: null, taxonomy_version: '3.1', calls: [], issues: { unmapped: [], mapped: [], violations: [], skipped_rules: [], arbitration: [], truncation: null }, latency_ms: 1, error: null };
    const line = (id: string): RunLine => ({ id, sample_index: 0, config: 'm', config_hash: 'h', labels: gold.get(id)!, confidence: { intent: 0.9 }, labeling_monitor: monitor });
    const metrics = buildMetrics({
      experiment: 'e', taxonomy, gold: { name: 'g', version: '1', labels_sha256: 'x', path: 'gold', samples: 1 }, goldLabels: new Map([['a-001', gold.get('a-001')!]]),
      configs: [{ config: { name: 'm', model: 'm', modelRef: 'm', prompt: null, options: {} as never, axes: {} }, lines: [line('a-001')] }], repeats: 1, baseline: 'm', toolVersion: 't',
    });
    metrics.configs.m!.calibration!.intent!.bins = [
      { lo: 0.5, hi: 0.5, n: 10, confidence: 0.5, accuracy: 0.9 },
      { lo: 0.95, hi: 0.95, n: 10, confidence: 0.95, accuracy: 0.1 },
    ];
    const metricsFile = join(tmp, 'metrics.json');
    writeFileSync(metricsFile, JSON.stringify(metrics));
    const out = join(tmp, 'calibrated.csv');
    const r = cli('review', 'export', '--input', labeled, '--output', out, '--budget', '3', '--random-share', '0', '--calibration', metricsFile, '--config', 'm');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('3 lowest calibrated confidence, 0 at random');
    // By hand: a-010 intent 0.95 -> 0.1; a-009 0.9 -> 0.9 - (0.4 / 0.45) x 0.8 = 0.189; a-004 language 0.3 (no bins: as stated), its intent 0.65 -> 0.633 is below 0.65 too.
    expect(readCsv(out).map((x) => [x.id, x.priority, x.check])).toEqual([['a-010', '0.10', 'intent'], ['a-009', '0.19', 'intent'], ['a-004', '0.30', 'intent; language']]);
  });

  it('exits 2 on a bad budget, share or a selection flag without --budget', () => {
    const out = join(tmp, 'bad.csv');
    expect(cli('review', 'export', '--input', labeled, '--output', out, '--budget', '0').code).toBe(2);
    expect(cli('review', 'export', '--input', labeled, '--output', out, '--budget', '3', '--random-share', '1.5').code).toBe(2);
    const r = cli('review', 'export', '--input', labeled, '--output', out, '--seed', '3');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--seed only with --budget');
    expect(cli('review', 'export', '--input', labeled, '--output', out, '--budget', '3', '--calibration', join(tmp, 'metrics.json')).code).toBe(0);
  });
});
