import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LABEL_FIELDS } from '../conversation/index.js';
import { runCliSync } from '../cli/__fixtures__/run-cli.js';
import { LabelStatsSchema, type LabelStats } from '../records/stats-schema.js';
import { packagePath } from '../util/paths.js';

// Issue 20: a `.json` array input (and output) is streamed like JSONL, through the built CLI.
const cli = (...args: string[]) => runCliSync(args, { fullEnv: process.env });
const stats = (p: string): LabelStats => LabelStatsSchema.parse(JSON.parse(readFileSync(p, 'utf8')));
const jsonl = (p: string): Array<Record<string, unknown>> => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const strip = (r: Record<string, unknown>): string => {
  const rest = { ...r };
  for (const f of LABEL_FIELDS) delete rest[f];
  return JSON.stringify(rest);
};

const N = 600;
let dir = '';
let asJsonl = '';
let asJson = '';
let records: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'label-json-'));
  asJsonl = join(dir, 'in.jsonl');
  asJson = join(dir, 'in.json');
  const synth = (await import(pathToFileURL(packagePath('bench', 'synth.mjs')).href)) as { writeSyntheticJsonl(p: string, n: number, seed?: number): Promise<void> };
  await synth.writeSyntheticJsonl(asJsonl, N, 5);
  records = jsonl(asJsonl);
  // Pretty-printed, so strings with brackets and commas span the array's structure as in real dumps.
  writeFileSync(asJson, JSON.stringify(records, null, 2));
});

describe('label: streamed JSON array input', () => {
  it('labels a JSON array exactly as the same records in JSONL, to JSONL and to a JSON array output', () => {
    expect(cli('label', '--input', asJsonl, '--output', join(dir, 'from_lines.jsonl'), '--no-progress').code).toBe(0);
    expect(cli('label', '--input', asJson, '--output', join(dir, 'from_array.jsonl'), '--no-progress').code).toBe(0);
    expect(cli('label', '--input', asJson, '--output', join(dir, 'labeled_arr.json'), '--no-progress').code).toBe(0);
    const a = jsonl(join(dir, 'from_lines.jsonl'));
    const b = jsonl(join(dir, 'from_array.jsonl'));
    const c = JSON.parse(readFileSync(join(dir, 'labeled_arr.json'), 'utf8')) as Array<Record<string, unknown>>;
    expect(b.map(strip)).toEqual(records.map((r) => JSON.stringify(r)));
    expect(b.map((r) => r.labels)).toEqual(a.map((r) => r.labels));
    expect(c.map((r) => r.labels)).toEqual(a.map((r) => r.labels));
    expect(c.map(strip)).toEqual(records.map((r) => JSON.stringify(r)));
    expect(stats(join(dir, 'stats_from_array.json'))).toMatchObject({ records_in: N, labeled: N, failed: 0, complete: true });
  });

  it('--shuffle --limit on a streamed array picks the same records as on JSONL', () => {
    const pick = (input: string, name: string) => {
      expect(cli('label', '--input', input, '--output', join(dir, name), '--shuffle', '--seed', '3', '--limit', '25', '--no-progress').code).toBe(0);
      return jsonl(join(dir, name)).map(strip);
    };
    const fromArray = pick(asJson, 'sh_a.jsonl');
    expect(fromArray).toHaveLength(25);
    expect(fromArray).toEqual(pick(asJsonl, 'sh_l.jsonl'));
  });

  it('a truncated array exits 2 naming the position, and keeps the records labeled before it', () => {
    const text = readFileSync(asJson, 'utf8');
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, text.slice(0, Math.floor(text.length * 0.6)));
    const out = join(dir, 'cut_out.jsonl');
    const r = cli('label', '--input', cut, '--output', out, '--no-progress');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cut\.json:\d+:\d+: invalid JSON after \d+ record\(s\): unexpected end of input \(truncated file\?\)/);
    const read = Number(/after (\d+) record/.exec(r.stderr)?.[1]);
    const kept = jsonl(out);
    expect(read).toBeGreaterThan(N / 3);
    expect(kept).toHaveLength(read);
    expect(kept.map(strip)).toEqual(records.slice(0, read).map((x) => JSON.stringify(x)));
    expect(stats(join(dir, 'stats_cut_out.json')).complete).toBe(false);
  });

  it('resumes a JSONL output from a JSON array input, and a JSON array output, with no duplicates', () => {
    const out = join(dir, 'resume.jsonl');
    expect(cli('label', '--input', asJson, '--output', out, '--limit', '100', '--no-progress').code).toBe(0);
    expect(cli('label', '--input', asJson, '--output', out, '--no-progress').code).toBe(0);
    expect(stats(join(dir, 'stats_resume.json'))).toMatchObject({ records_in: N, labeled: N, resumed: 100 });
    expect(jsonl(out).map(strip)).toEqual(records.map((x) => JSON.stringify(x)));

    const arr = join(dir, 'labeled_res.json');
    expect(cli('label', '--input', asJson, '--output', arr, '--limit', '50', '--no-progress').code).toBe(0);
    expect(cli('label', '--input', asJson, '--output', arr, '--no-progress').code).toBe(0);
    expect(stats(join(dir, 'stats_res.json'))).toMatchObject({ records_in: N, labeled: N, resumed: 50 });
    const got = JSON.parse(readFileSync(arr, 'utf8')) as Array<Record<string, unknown>>;
    expect(got.map(strip)).toEqual(records.map((x) => JSON.stringify(x)));
  });
});
