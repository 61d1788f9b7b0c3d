import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../util/paths.js';
import { writeLabeledFromGold } from './__fixtures__/labeled.js';
import { runCliSync } from '../cli/__fixtures__/run-cli.js';

const cli = (...args: string[]) => runCliSync(args, { fullEnv: process.env });

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'review-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('sft-label review', () => {
  it('export -> edit -> import round trip through the CLI; an invalid correction exits 2 and changes nothing', () => {
    const gold = join(tmp, 'gold');
    cpSync(packagePath('gold', 'v1'), gold, { recursive: true });
    const labeled = join(tmp, 'labeled.jsonl');
    writeLabeledFromGold(labeled, 4);
    const csv = join(tmp, 'review.csv');
    const ex = cli('review', 'export', '--input', labeled, '--output', csv, '--bom');
    expect(ex.code).toBe(0);
    expect(ex.stdout).toContain('4 rows');
    const [head, ...rows] = parse(readFileSync(csv, 'utf8'), { bom: true }) as string[][];
    const set = (id: string, col: string, v: string) => (rows.find((r) => r[0] === id)![head!.indexOf(col)] = v);
    set('a-002', 'task_correction', 'no-such-task');
    writeFileSync(csv, stringify([head!, ...rows]));
    const labelsBefore = readFileSync(join(gold, 'labels.jsonl'), 'utf8');
    const bad = cli('review', 'import', csv, '--gold', gold, '--reviewer', 'dana');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/column \w+ \(task_correction\): id "a-002": task: "no-such-task" is not a tag of this dimension/);
    expect(readFileSync(join(gold, 'labels.jsonl'), 'utf8')).toBe(labelsBefore);
    set('a-002', 'task_correction', 'code-analysis');
    writeFileSync(csv, stringify([head!, ...rows]));
    const ok = cli('review', 'import', csv, '--gold', gold, '--reviewer', 'dana');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('a-002 task: ["bug-fixing"] -> ["code-analysis"]');
    expect(ok.stdout).toContain('changed 1 label(s)');
    expect(readFileSync(join(gold, 'changes.jsonl'), 'utf8')).toContain('"reviewer":"dana"');
    // The manifest now disagrees with the data until the change is released with gold bump.
    expect(cli('gold', 'validate', gold).code).not.toBe(0);
  });
});
