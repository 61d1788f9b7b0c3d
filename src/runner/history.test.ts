import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliSync } from '../cli/__fixtures__/run-cli.js';
import { historyId } from './history.js';

const cli = (...args: string[]) => runCliSync(args, { fullEnv: process.env });

describe('run history through the built CLI', () => {
  it('every run is kept in history/<id>/, the run folder stays the latest, report --list and --run <id>', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'history-')), 'rb');
    const first = cli('run', 'experiments/rules-baseline.yaml', '--out', out, '--limit', '20', '--no-progress');
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/kept this run in .*history\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ/);
    const second = cli('run', 'experiments/rules-baseline.yaml', '--out', out, '--no-progress');
    expect(second.code).toBe(0);

    const ids = readdirSync(join(out, 'history')).sort();
    expect(ids).toHaveLength(2);
    const [older, newer] = ids as [string, string];
    // The latest paths hold the second run; the first is kept whole.
    expect(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).gold.samples).toBe(108);
    expect(JSON.parse(readFileSync(join(out, 'history', older, 'metrics.json'), 'utf8')).gold.samples).toBe(20);
    expect(readFileSync(join(out, 'history', newer, 'metrics.json'), 'utf8')).toBe(readFileSync(join(out, 'metrics.json'), 'utf8'));
    for (const f of ['run.json', 'report.html', 'report.md', 'runs/rules.jsonl']) expect(existsSync(join(out, 'history', older, f)), f).toBe(true);

    const list = cli('report', out, '--list');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('2 kept run(s)');
    expect(list.stdout).toMatch(new RegExp(`${older}\\s+complete\\s+1\\s+20\\s+rules 0\\.\\d{3}`));
    expect(list.stdout).toMatch(new RegExp(`${newer} \\*\\s+complete\\s+1\\s+108`));

    // A past run renders from its own folder (its run.json's gold.dir was moved with it).
    const past = cli('report', out, '--run', older);
    expect(past.code).toBe(0);
    expect(past.stdout).toContain(`wrote ${join(out, 'history', older, 'report.html')}`);
    expect(readFileSync(join(out, 'history', older, 'report.md'), 'utf8')).toMatch(/20/);

    const unknown = cli('report', out, '--run', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`kept: ${older}, ${newer}`);
  }, 120_000);
});

describe('historyId', () => {
  it('is the start time without milliseconds, file-name safe, made unique', () => {
    const taken = new Set(['2026-12-05T07-59-05Z']);
    expect(historyId('2026-12-05T07:59:05.123Z', (id) => taken.has(id))).toBe('2026-12-05T07-59-05Z-2');
    expect(historyId('2026-12-05T08:00:00.000Z', () => false)).toBe('2026-12-05T08-00-00Z');
  });
});
