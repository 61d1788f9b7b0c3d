import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSink } from './sink.js';
import { completeLinesLength, openPriorOutput } from '../production/resume.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'sink-'));

describe('createSink', () => {
  it('writes a JSON array only on commit, parseable, also when empty', () => {
    const d = dir();
    const p = join(d, 'o.json');
    const s = createSink({ path: p, format: 'json', mode: 'atomic' });
    s.write('{"a":1}');
    s.write('{"a":2}');
    expect(readdirSync(d).includes('o.json')).toBe(false);
    s.commit();
    expect(JSON.parse(readFileSync(p, 'utf8'))).toEqual([{ a: 1 }, { a: 2 }]);
    const e = createSink({ path: join(d, 'e.json'), format: 'json', mode: 'atomic' });
    e.commit();
    expect(JSON.parse(readFileSync(join(d, 'e.json'), 'utf8'))).toEqual([]);
  });
  it('appends JSONL after cutting a half-written last line', () => {
    const p = join(dir(), 'o.jsonl');
    writeFileSync(p, '{"a":1}\n{"a":2');
    const s = createSink({ path: p, format: 'jsonl', mode: 'append', truncateAt: completeLinesLength(p) });
    s.write('{"a":3}');
    s.commit();
    expect(readFileSync(p, 'utf8')).toBe('{"a":1}\n{"a":3}\n');
  });
  it('abort of an atomic sink leaves the old file', () => {
    const d = dir();
    const p = join(d, 'o.jsonl');
    writeFileSync(p, 'old\n');
    const s = createSink({ path: p, format: 'jsonl', mode: 'atomic' });
    s.write('{"new":1}');
    s.abort();
    expect(readFileSync(p, 'utf8')).toBe('old\n');
    expect(readdirSync(d)).toEqual(['o.jsonl']);
  });
  it('refuses to append to a JSON array', () => {
    expect(() => createSink({ path: join(dir(), 'x.json'), format: 'json', mode: 'append' })).toThrow(/atomically/);
  });
});

describe('completeLinesLength', () => {
  it('counts bytes up to the last newline', () => {
    const p = join(dir(), 'x.jsonl');
    writeFileSync(p, 'ab\ncé\nxy');
    expect(completeLinesLength(p)).toBe(Buffer.byteLength('ab\ncé\n'));
    writeFileSync(p, 'no newline');
    expect(completeLinesLength(p)).toBe(0);
  });
});

describe('openPriorOutput', () => {
  it('reads ids and failures of an earlier JSONL output, ignoring a cut last line', async () => {
    const p = join(dir(), 'o.jsonl');
    writeFileSync(p, '{"id":"a","labels":{}}\n{"id":"b","labels":null,"labeling_monitor":{"error":"bad"}}\n{"id":"c","lab');
    const prior = openPriorOutput(p, 'jsonl');
    const got = [];
    for await (const r of prior!.records) got.push([r.id, r.failed, r.reason]);
    expect(got).toEqual([['a', false, null], ['b', true, 'bad']]);
  });
  it('is null for a missing or empty file, and refuses a corrupt JSON array', async () => {
    const d = dir();
    expect(openPriorOutput(join(d, 'none.json'), 'json')).toBeNull();
    writeFileSync(join(d, 'e.jsonl'), '');
    expect(openPriorOutput(join(d, 'e.jsonl'), 'jsonl')).toBeNull();
    writeFileSync(join(d, 'bad.json'), '[{"id":');
    const prior = openPriorOutput(join(d, 'bad.json'), 'json');
    await expect(async () => {
      for await (const _ of prior!.records) void _;
    }).rejects.toThrow(/--fresh/);
  });
});
