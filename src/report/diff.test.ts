import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffStats, lineDiff, withContext, type DiffLine } from './diff.js';

const render = (d: DiffLine[]) => d.map((l) => `${l.op === 'add' ? '+' : l.op === 'del' ? '-' : ' '}${l.text}`);

describe('lineDiff', () => {
  it('finds a minimal edit with line numbers on both sides', () => {
    const d = lineDiff('a\nb\nc\nd\n', 'a\nc\nx\nd\n');
    expect(render(d)).toEqual([' a', '-b', ' c', '+x', ' d']);
    expect(d[2]).toEqual({ op: 'same', text: 'c', oldLine: 3, newLine: 2 });
    expect(d[3]).toEqual({ op: 'add', text: 'x', newLine: 3 });
    expect(diffStats(d)).toEqual({ added: 1, removed: 1 });
  });
  it('handles empty sides and identical texts', () => {
    expect(render(lineDiff('', 'a\nb'))).toEqual(['+a', '+b']);
    expect(render(lineDiff('a\nb', ''))).toEqual(['-a', '-b']);
    expect(diffStats(lineDiff('x\ny\n', 'x\ny'))).toEqual({ added: 0, removed: 0 });
  });
  it('is an edit script: old = same+del lines, new = same+add lines, and the same-lines are a longest common subsequence', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const d = lineDiff(a.join('\n'), b.join('\n'));
        expect(d.filter((l) => l.op !== 'add').map((l) => l.text)).toEqual(a);
        expect(d.filter((l) => l.op !== 'del').map((l) => l.text)).toEqual(b);
        expect(d.filter((l) => l.op === 'same').length).toBe(lcsLength(a, b));
      }),
    );
  });
});

function lcsLength(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
  return t[a.length]![b.length]!;
}

describe('withContext', () => {
  it('keeps changes with their context and marks a skipped run before a change with one null (none at the end)', () => {
    const old = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const neu = [...old];
    neu[10] = 'changed';
    const shown = withContext(lineDiff(old.join('\n'), neu.join('\n')), 2);
    expect(shown.map((l) => (l === null ? '…' : `${l.op[0]}${l.text}`))).toEqual(['…', 'sl8', 'sl9', 'dl10', 'achanged', 'sl11', 'sl12']);
  });
});
