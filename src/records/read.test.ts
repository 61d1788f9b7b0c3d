import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from '../errors/index.js';
import { readLabeledRecords, readLabeledRecordsSync, type ReadLabeledOptions, type SkippedLine } from './read.js';

const dir = mkdtempSync(join(tmpdir(), 'records-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

async function readAll(f: string, opts: ReadLabeledOptions = {}) {
  const out = [];
  for await (const r of readLabeledRecords(f, opts)) out.push(r);
  return out;
}

const Schema = z.looseObject({ id: z.string(), labels: z.record(z.string(), z.string()).nullable() });

describe('readLabeledRecords', () => {
  it('streams JSONL: records with index, line, where and the line text; blank lines, CRLF and a BOM skipped', async () => {
    const f = file('a.jsonl', '\uFEFF{"id":"a","labels":null}\r\n\n{"id":"b","labels":{"intent":"build"}}\n');
    const got = await readAll(f);
    expect(got.map((r) => [r.record.id, r.index, r.line, r.where, r.text])).toEqual([
      ['a', 0, 1, `${f}:1`, '{"id":"a","labels":null}'],
      ['b', 1, 3, `${f}:3`, '{"id":"b","labels":{"intent":"build"}}'],
    ]);
    // The sync driver reads the same file the same way.
    expect(readLabeledRecordsSync(f)).toEqual(got);
  });

  it('reads a JSON array (any extension but .jsonl), positions by index', async () => {
    const f = file('b.json', ' [{"id":"a"},{"id":"b"}]');
    const got = await readAll(f);
    expect(got.map((r) => [r.record.id, r.index, r.line, r.where])).toEqual([
      ['a', 0, undefined, `${f}: record 0`],
      ['b', 1, undefined, `${f}: record 1`],
    ]);
    expect(readLabeledRecordsSync(f)).toEqual(got);
  });

  it('strict: throws InputError naming the file, the line and the field', async () => {
    const f = file('bad.jsonl', '{"id":"a","labels":null}\n{"id":"b","labels":{"intent":3}}\n');
    const err = await readAll(f, { schema: Schema }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe(`${f}:2: id "b": labels.intent: Invalid input: expected string, received number`);
    expect((err as InputError).context).toEqual({ file: f, line: 2 });
    expect(() => readLabeledRecordsSync(f, { schema: Schema })).toThrow(`${f}:2: id "b": labels.intent`);
  });

  it('strict: names the index in a JSON array, and bad JSON / non-objects by line', async () => {
    const arr = file('bad.json', '[{"id":"a","labels":null}, 7]');
    await expect(readAll(arr)).rejects.toThrow(`${arr}: record 1: not a labeled record (expected a JSON object)`);
    const jl = file('bad2.jsonl', '{"id":"a"}\n{"id":\n');
    await expect(readAll(jl)).rejects.toThrow(new RegExp(`bad2\\.jsonl:2: invalid JSON`));
    await expect(readAll(join(dir, 'missing.jsonl'))).rejects.toThrow(/missing\.jsonl: cannot read/);
  });

  it('lenient: skips bad records, reports each with its place, and goes on', async () => {
    const f = file('mixed.jsonl', '{"id":"a","labels":null}\nnot json\n[1]\n{"id":"d","labels":{"x":1}}\n{"id":"e","labels":null}\n');
    const skipped: SkippedLine[] = [];
    const got = await readAll(f, { schema: Schema, mode: 'lenient', onSkip: (s) => skipped.push(s) });
    expect(got.map((r) => r.record.id)).toEqual(['a', 'e']);
    expect(got.map((r) => r.index)).toEqual([0, 4]);
    expect(skipped.map((s) => [s.line, s.torn])).toEqual([[2, false], [3, false], [4, false]]);
    expect(skipped[0]!.message).toMatch(new RegExp(`mixed\\.jsonl:2: invalid JSON`));
    expect(skipped[2]!.message).toBe(`${f}:4: id "d": labels.x: Invalid input: expected string, received number`);
  });

  it('a truncated last line: named as truncated in strict mode, skipped as torn in lenient mode', async () => {
    const f = file('torn.jsonl', '{"id":"a","labels":null}\n{"id":"b","lab');
    await expect(readAll(f)).rejects.toThrow(`${f}:2: truncated last line`);
    const skipped: SkippedLine[] = [];
    const got = await readAll(f, { mode: 'lenient', onSkip: (s) => skipped.push(s) });
    expect(got.map((r) => r.record.id)).toEqual(['a']);
    expect(skipped.map((s) => [s.line, s.torn])).toEqual([[2, true]]);
  });

  it('an unterminated last line that parses is read, unless completeLinesOnly (then skipped, even in strict mode)', async () => {
    const f = file('unterminated.jsonl', '{"id":"a"}\n{"id":"b"}');
    expect((await readAll(f)).map((r) => r.record.id)).toEqual(['a', 'b']);
    const skipped: SkippedLine[] = [];
    const got = readLabeledRecordsSync(f, { completeLinesOnly: true, onSkip: (s) => skipped.push(s) });
    expect(got.map((r) => r.record.id)).toEqual(['a']);
    expect(skipped).toMatchObject([{ line: 2, torn: true }]);
  });

  it('streams a JSONL file larger than one read chunk without losing or splitting lines', async () => {
    const n = 5000;
    const long = JSON.stringify({ id: 'long', pad: 'y'.repeat(300_000) });
    const f = file('big.jsonl', [...Array.from({ length: n }, (_, i) => JSON.stringify({ id: `r${i}`, pad: 'x'.repeat(40) })), long].join('\n') + '\n');
    const got = (await readAll(f)).slice(0, n);
    expect(got).toHaveLength(n);
    expect(readLabeledRecordsSync(f).at(-1)).toMatchObject({ record: { id: 'long' }, text: long, line: n + 1 });
    expect((await readAll(f)).at(-1)!.text).toBe(long);
    expect(got[n - 1]).toMatchObject({ record: { id: `r${n - 1}` }, line: n, index: n - 1 });
  });
});
