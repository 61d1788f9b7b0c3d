import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMULA_TRIGGERS, neutraliseCell, restoreCell } from './csv-safety.js';

describe('neutraliseCell', () => {
  it.each(['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=cmd|\' /C calc\'!A0'])('prefixes a quote to %j', (v) => {
    expect(neutraliseCell(v)).toBe(`'${v}`);
  });
  it('leaves ordinary values alone, including ones with a trigger later in the text', () => {
    for (const v of ['build', 'python; sql', '0.93', 'a=b', 'x-1', '', "'quoted", ' =1']) expect(neutraliseCell(v)).toBe(v);
  });
});

describe('restoreCell', () => {
  it('round-trips legitimate values that start with a trigger ("-1", "+1", "@user")', () => {
    for (const v of ['-1', '+1', '@user', '=x', '\tx', '\rx', '-']) expect(restoreCell(neutraliseCell(v))).toBe(v);
  });
  it('keeps a leading quote that export did not add', () => {
    expect(restoreCell("'hello")).toBe("'hello");
    expect(restoreCell("''-1")).toBe("''-1");
  });
  it('documented ambiguity: a value that was literally "\'-1" comes back as "-1"', () => {
    expect(restoreCell(neutraliseCell("'-1"))).toBe('-1');
  });
  it('restore(neutralise(s)) = s for every string not starting with a quote followed by a trigger', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(!(s.startsWith("'") && (FORMULA_TRIGGERS as readonly string[]).includes(s[1] ?? '')));
        expect(restoreCell(neutraliseCell(s))).toBe(s);
      }),
    );
  });
  it('a neutralised cell never starts with a trigger', () => {
    fc.assert(fc.property(fc.string(), (s) => !/^[=+\-@\t\r]/.test(neutraliseCell(s))));
  });
});
