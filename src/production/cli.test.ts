import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../util/paths.js';
import { loadLock } from './lock.js';

// End to end through the built CLI (`npx tsc -p tsconfig.build.json` first; `npm test` does it).
const BIN = packagePath('bin', 'sft-label.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
const tmp = (): string => mkdtempSync(join(tmpdir(), 'prod-cli-'));
const DRIFT = packagePath('src', 'drift', '__fixtures__');
const FORMATS = packagePath('src', 'conversation', '__fixtures__', 'formats');

describe('sft-label drift', () => {
  it('prints the per-dimension table, or the JSON report with --json', () => {
    const table = cli('drift', join(DRIFT, 'a.jsonl'), join(DRIFT, 'b.json'));
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/intent\s+4\s+4\s+0\.500/);
    expect(table.stdout).toContain('language: appeared: rust | vanished: go, sql');
    const json = cli('drift', join(DRIFT, 'a.jsonl'), join(DRIFT, 'b.json'), '--json', '--min-expected', '0');
    const report = JSON.parse(json.stdout) as { dimensions: Record<string, { tvd: number; chi_square: { statistic: number } | null }> };
    expect(report.dimensions.intent?.chi_square?.statistic).toBeCloseTo(3.2, 10);
    expect(cli('drift', join(DRIFT, 'nope.jsonl'), join(DRIFT, 'b.json')).status).toBe(2);
  });
});

describe('sft-label merge', () => {
  it('merges label --shard outputs into the whole set', () => {
    const dir = tmp();
    const input = join(FORMATS, 'llamafactory_reason_tool_use_demo_50.subset.jsonl');
    const parts = [1, 2, 3].map((k) => join(dir, `labeled_p${k}.jsonl`));
    parts.forEach((p, i) => expect(cli('label', '--input', input, '--output', p, '--shard', `${i + 1}/3`, '--no-progress').status).toBe(0));
    expect(cli('label', '--input', input, '--output', join(dir, 'labeled_whole.jsonl'), '--no-progress').status).toBe(0);
    const r = cli('merge', ...parts, '--output', join(dir, 'labeled_all.jsonl'));
    expect(r.stderr).toMatch(/merged 3 shard\(s\): \d+ records/);
    expect(r.status).toBe(0);
    const lines = (p: string): string[] => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.stringify({ ...JSON.parse(l), labeling_monitor: 0 }));
    expect(lines(join(dir, 'labeled_all.jsonl')).sort()).toEqual(lines(join(dir, 'labeled_whole.jsonl')).sort());
    const stats = JSON.parse(readFileSync(join(dir, 'stats_all.json'), 'utf8')) as { records_in: number; distributions: unknown };
    const whole = JSON.parse(readFileSync(join(dir, 'stats_whole.json'), 'utf8')) as { records_in: number; distributions: unknown };
    expect(stats.records_in).toBe(whole.records_in);
    expect(stats.distributions).toEqual(whole.distributions);
  });
});

describe('sft-label promote', () => {
  it('writes the lock file of the best configuration', () => {
    const dir = tmp();
    const out = join(dir, 'production.lock.yaml');
    const r = cli('promote', packagePath('src', 'production', '__fixtures__', 'report', 'reports', 'exp1'), '--out', out);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/promoted gpt-4o-mini__v2__t0 \(model gpt-4o-mini, prompt v2, overall 0\.7200, \$0\.001000\/sample\)/);
    expect(loadLock(out)).toMatchObject({ config: 'gpt-4o-mini__v2__t0', model: 'gpt-4o-mini', options: { temperature: 0 } });
    writeFileSync(join(dir, 'x'), '');
    expect(cli('promote', dir).status).toBe(2);
  });
});
