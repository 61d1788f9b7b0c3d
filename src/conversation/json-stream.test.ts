import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { streamJsonArray } from './json-stream.js';
import { readRecords, type ReadItem } from './read.js';

function tmpFile(name: string, text: string | Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sft-jsonstream-')), name);
  writeFileSync(file, text);
  return file;
}

async function collect<T>(it: AsyncIterable<T>): Promise<{ values: T[]; error: unknown }> {
  const values: T[] = [];
  try {
    for await (const v of it) values.push(v);
    return { values, error: null };
  } catch (error) {
    return { values, error };
  }
}

const alpaca = (i: number) => ({ id: `a${i}`, instruction: `task ${i}`, output: 'done' });

describe('streamJsonArray', () => {
  it('yields every element of an array in order, strings holding brackets, commas and escapes intact', async () => {
    const tricky = { id: 'x', text: 'a [b], {c: "d"}, \\"], [[', nested: [[1, [2]], { k: ['],['] }] };
    const file = tmpFile('a.json', JSON.stringify([tricky, 2, 'three', null, [4]], null, 2));
    const { values, error } = await collect(streamJsonArray(file));
    expect(error).toBeNull();
    expect(values).toEqual([tricky, 2, 'three', null, [4]]);
  });

  it('throws InputError naming line:col and the records read for a small truncated file, after yielding those records', async () => {
    const text = `[\n${JSON.stringify(alpaca(0))},\n${JSON.stringify(alpaca(1))},\n{"id": "a2", "instr`;
    const { values, error } = await collect(streamJsonArray(tmpFile('t.json', text)));
    expect(values).toEqual([alpaca(0), alpaca(1)]);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/t\.json:4:\d+: invalid JSON after 2 record\(s\): unexpected end of input \(truncated file\?\)/);
  });

  it('names the byte and line window (exact at the end of a truncated file) when the file is too large to re-read whole', async () => {
    const body = Array.from({ length: 2000 }, (_, i) => JSON.stringify(alpaca(i))).join(',\n');
    const truncated = tmpFile('big.json', `[\n${body},\n{"id": "cut`);
    const t = await collect(streamJsonArray(truncated, { exactErrorMaxBytes: 1000 }));
    expect(t.values.length).toBeGreaterThan(1500);
    expect((t.error as Error).message).toMatch(/big\.json: invalid JSON after \d+ record\(s\), at the end of the file \(byte \d+, line 2002\): unexpected end of input/);
    const broken = tmpFile('mid.json', `[\n${body.replace('"a1000"', '"a1000" oops')}\n]`);
    const m = await collect(streamJsonArray(broken, { exactErrorMaxBytes: 1000 }));
    const match = /between bytes (\d+) and (\d+) \(lines (\d+)-(\d+)\)/.exec((m.error as Error).message);
    expect(match).not.toBeNull();
    const [from, to, fromLine, toLine] = match!.slice(1).map(Number) as [number, number, number, number];
    const badLine = 1002; // line 1 is "[", record i is on line i + 2
    expect(fromLine).toBeLessThanOrEqual(badLine);
    expect(toLine).toBeGreaterThanOrEqual(badLine);
    expect(to - from).toBeLessThanOrEqual(64 * 1024);
    expect(m.values.length).toBeLessThanOrEqual(1000);
  });
});

describe('readRecords on JSON inputs (streamed)', () => {
  const readAll = async (file: string) => (await collect(readRecords(file))).values as ReadItem[];

  it('reads an array after a UTF-8 BOM', async () => {
    const file = tmpFile('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify([alpaca(0), alpaca(1)]))]));
    const items = await readAll(file);
    expect(items.map((i) => i.ok && i.conversation.id)).toEqual(['a0', 'a1']);
  });

  it('reads a single pretty-printed object as one record, and a one-line object too', async () => {
    expect((await readAll(tmpFile('one.json', JSON.stringify(alpaca(7), null, 2)))).map((i) => i.ok && i.conversation.id)).toEqual(['a7']);
    expect((await readAll(tmpFile('line.json', JSON.stringify(alpaca(8))))).map((i) => i.ok && i.conversation.id)).toEqual(['a8']);
  });

  it('reads an array of chat messages as one conversation, and gives messages out one by one when the array is not all messages', async () => {
    const msgs = [
      { role: 'user', content: 'fix [this], please' },
      { role: 'assistant', content: 'done' },
    ];
    const one = await readAll(tmpFile('msgs.json', JSON.stringify(msgs)));
    expect(one).toHaveLength(1);
    expect(one[0]?.ok && one[0].conversation.turns.map((t) => t.role)).toEqual(['user', 'assistant']);
    const mixed = await readAll(tmpFile('mixed.json', JSON.stringify([...msgs, alpaca(1)])));
    expect(mixed.map((i) => i.index)).toEqual([0, 1, 2]);
    expect(mixed[2]?.ok && mixed[2].conversation.id).toBe('a1');
  });
});
