import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliSync } from '../cli/__fixtures__/run-cli.js';
import { packagePath } from '../util/paths.js';

// Input that is not what we promise (UTF-8 JSON/JSONL conversations) is refused through the built CLI: exit 2, one
// message naming the file and where, and no U+FFFD ever written (issue 19, item 9).
const cli = (...args: string[]) => runCliSync(args, { fullEnv: process.env });
const dir = mkdtempSync(join(tmpdir(), 'read-cli-'));
const conv = (text: string): string => `{"conversations":[{"from":"human","value":"${text}"},{"from":"gpt","value":"ok"}]}`;
function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
const label = (input: string) => cli('label', '--input', input, '--output', join(dir, `out_${input.split('/').pop()}.jsonl`), '--model', 'rules', '--no-progress');

describe('label refuses input that is not UTF-8 conversations', () => {
  it('a Latin-1 JSONL file: exit 2 naming line and byte offset of the first bad byte, even far into the file', () => {
    const good = Array.from({ length: 2000 }, (_, i) => conv(`sample ${i} ${'x'.repeat(200)}`)).join('\n') + '\n';
    const bad = conv('caf\xe9');
    const offset = Buffer.byteLength(good) + bad.indexOf('\xe9');
    const input = file('latin1.jsonl', Buffer.concat([Buffer.from(good, 'utf8'), Buffer.from(`${bad}\n`, 'latin1')]));
    const r = label(input);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`latin1.jsonl:2001: invalid UTF-8 at byte ${offset} (0xE9`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const out = join(dir, 'out_latin1.jsonl.jsonl');
    if (existsSync(out)) expect(readFileSync(out, 'utf8')).not.toContain('\ufffd');
  });

  it('a Latin-1 JSON array and a Latin-1 single-object .json: exit 2 with line and byte', () => {
    const arr = file('latin1.json', Buffer.from(`[${conv('hi')},\n${conv('caf\xe9')}]`, 'latin1'));
    const r = label(arr);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/latin1\.json:2: invalid UTF-8 at byte \d+ \(0xE9/);
    const one = file('one.json', Buffer.from(conv('na\xefve'), 'latin1'));
    expect(label(one).stderr).toMatch(/one\.json:1: invalid UTF-8 at byte 45 \(0xEF/);
  });

  it('UTF-16 with and without a byte order mark: exit 2 naming the encoding', () => {
    const bom = label(file('u16.json', Buffer.from(`\ufeff[${conv('hi')}]`, 'utf16le')));
    expect(bom.code).toBe(2);
    expect(bom.stderr).toMatch(/u16\.json:1: not UTF-8 text: .*UTF-16 \(little-endian\) byte order mark/);
    const bare = label(file('u16.jsonl', Buffer.from(`${conv('hi')}\n`, 'utf16le')));
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/u16\.jsonl:1: not UTF-8 text: .*UTF-16 little-endian without a byte order mark/);
  });

  it('empty, blank, empty-array and non-conversation files: exit 2 saying so', () => {
    const empty = label(file('empty.jsonl', ''));
    expect([empty.code, empty.stderr]).toEqual([2, expect.stringMatching(/empty\.jsonl: empty file \(0 bytes\)/)]);
    expect(label(file('blank.json', '\n  \n')).stderr).toMatch(/blank\.json: the file holds only whitespace/);
    expect(label(file('arr.json', '[]')).stderr).toMatch(/arr\.json: no records/);
    const other = label(file('other.jsonl', '{"a":1}\n{"b":2}\n'));
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/other\.jsonl: no conversations: none of its 2 record\(s\) is a conversation .*other\.jsonl:1: record 0: unknown record shape/);
  });

  it('estimate and doctor share the reader: the same refusal', () => {
    const input = file('latin1b.jsonl', Buffer.from(`${conv('caf\xe9')}\n`, 'latin1'));
    const r = cli('estimate', '--input', input, '--model', 'gpt-5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/latin1b\.jsonl:1: invalid UTF-8 at byte/);
  });
});

describe('score refuses predictions with no id in common with gold', () => {
  it('exit 2 naming both files', () => {
    const pred = file('pred.jsonl', '{"id":"zz-1","labels":{"intent":"build"}}\n');
    const gold = packagePath('gold', 'v1');
    const r = cli('score', '--gold', gold, '--pred', pred);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no ids in common: ${pred}`);
    expect(r.stderr).toContain(`gold ${gold}`);
    const c = cli('compare', pred, pred, '--gold', gold);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('no ids in common');
  });
});
