import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../util/paths.js';
import { runCliSync } from '../cli/__fixtures__/run-cli.js';

/** Run the built CLI (dist/, built by `npm test` or `npx tsc -p tsconfig.build.json`) as a user would. */
const cli = (...args: string[]) => runCliSync(args, { cwd: packagePath(), fullEnv: process.env });

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'report-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('sft-label report', () => {
  it('re-renders report.html and report.md of the shipped offline experiment from its saved results', () => {
    const out = join(tmp, 'rules-baseline');
    expect(cli('run', 'experiments/rules-baseline.yaml', '--out', out, '--cache', 'off', '--no-progress').code).toBe(0);
    const r = cli('report', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/overall\s+│ 0\.\d{3}/);
    expect(r.stdout).toContain(`wrote ${join(out, 'report.html')} and ${join(out, 'report.md')}`);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<table id="summary-table">');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/^## sft-label report: rules-baseline/);
    const md = cli('report', out, '--markdown');
    expect(md.code).toBe(0);
    expect(md.stdout).toBe(readFileSync(join(out, 'report.md'), 'utf8'));
  });

  it('renders the labeling summary of a production run with --labels', () => {
    const labeled = join(tmp, 'prod', 'labeled_gold.jsonl');
    expect(cli('label', '--input', 'gold/v1/samples.jsonl', '--output', labeled, '--no-progress').code).toBe(0);
    const r = cli('report', '--labels', labeled, '--out', join(tmp, 'summary'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('108 records: 108 labeled, 0 failed');
    expect(existsSync(join(tmp, 'summary', 'summary_gold.html'))).toBe(true);
    expect(existsSync(join(tmp, 'summary', 'summary_gold.md'))).toBe(true);
  });

  it('--calibrate-with: prediction-powered shares next to the naive ones, from the run folder\'s gold set', () => {
    // Production = the 108 gold samples labeled by rules; calibration = the same configuration's run on the same gold
    // set. Then the prediction-powered share is exactly the gold share: mean(f) - mean(f - y) = mean(y).
    const run = join(tmp, 'calib-run');
    expect(cli('run', 'experiments/rules-baseline.yaml', '--out', run, '--cache', 'off', '--no-progress').code).toBe(0);
    const labeled = join(tmp, 'calib', 'labeled_prod.jsonl');
    expect(cli('label', '--input', 'gold/v1/samples.jsonl', '--output', labeled, '--no-progress').code).toBe(0);
    const r = cli('report', '--labels', labeled, '--calibrate-with', join(run, 'runs', 'rules.jsonl'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/tag shares corrected with .*rules\.jsonl \(108 gold samples; prediction-powered 95% CI vs naive\)/);
    const md = readFileSync(join(tmp, 'calib', 'summary_prod.md'), 'utf8');
    expect(md).toContain('### Corrected shares (prediction-powered, 95% CI)');
    const gold = readFileSync(packagePath('gold', 'v1', 'labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { labels: { intent: string } });
    const debugShare = gold.filter((g) => g.labels.intent === 'debug').length / gold.length;
    const row = md.split('\n').find((l) => l.startsWith('| intent | debug |'))!;
    expect(row.split('|').map((c) => c.trim())[6]).toBe(`${(debugShare * 100).toFixed(1)}%`);
    expect(readFileSync(join(tmp, 'calib', 'summary_prod.html'), 'utf8')).toContain('<table id="calibration-table">');
    // Without a run folder and without --gold: exit 2 saying what to pass.
    const bad = cli('report', '--labels', labeled, '--calibrate-with', labeled);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('pass --gold DIR');
  });

  it('exits 2 on bad usage and on a folder that is not a run', () => {
    expect(cli('report').code).toBe(2);
    const r = cli('report', tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no metrics.json');
  });
});
