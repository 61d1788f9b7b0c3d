import { describe, expect, it } from 'vitest';
import { createProgress, drawSchedule, etaSeconds, formatBar, formatLine } from './progress.js';

function fakeStream(isTTY: boolean): { out: string[]; write(s: string): void; isTTY: boolean; columns: number } {
  const out: string[] = [];
  return { out, write: (s: string) => void out.push(s), isTTY, columns: 100 };
}

describe('createProgress', () => {
  it('prints a plain line at most every interval when not a TTY', () => {
    let t = 0;
    const stream = fakeStream(false);
    const p = createProgress({ stream, label: 'label', total: 100, now: () => t, intervalMs: 5000 });
    for (let i = 1; i <= 100; i++) {
      t = i * 100; // 10 s in total
      p.update(i);
    }
    expect(stream.out).toEqual(['label: 50/100 50% 10.0/s, ETA 0:05\n', 'label: 100/100 100% 10.0/s, ETA 0:00\n']);
    p.finish('done');
    expect(stream.out.at(-1)).toBe('done\n');
  });
  it('appends the note as it is at each draw, and nothing while it is null', () => {
    let t = 0;
    let note: string | null = null;
    const stream = fakeStream(false);
    const p = createProgress({ stream, label: 'label', total: 100, now: () => t, intervalMs: 5000, note: () => note });
    t = 5000;
    p.update(50);
    note = 'endpoint pushed back 3x, 21/30 requests in flight allowed';
    t = 10000;
    p.update(100);
    expect(stream.out).toEqual([
      'label: 50/100 50% 10.0/s, ETA 0:05\n',
      'label: 100/100 100% 10.0/s, ETA 0:00; endpoint pushed back 3x, 21/30 requests in flight allowed\n',
    ]);
  });

  it('redraws a bar in place on a TTY and clears it before the summary', () => {
    let t = 0;
    const stream = fakeStream(true);
    const p = createProgress({ stream, label: 'label', total: 10, now: () => t });
    t = 1000;
    p.update(5, 1);
    expect(stream.out[0]).toMatch(/^\rlabel \[#+-+\] 5\/10 50% 5\.0\/s, ETA 0:01, 1 failed\x1b\[K$/);
    p.finish('summary');
    expect(stream.out.slice(1)).toEqual(['\r\x1b[K', 'summary\n']);
  });
  it('does not redraw faster than 10 times a second', () => {
    let t = 0;
    const stream = fakeStream(true);
    const p = createProgress({ stream, label: 'x', now: () => t });
    for (let i = 0; i < 50; i++) {
      t += 10;
      p.update(i);
    }
    expect(stream.out.length).toBe(5);
  });
});

describe('formatLine', () => {
  it('omits total and ETA when the total is unknown', () => {
    expect(formatLine({ label: 'l', done: 20, failed: 0, total: undefined, elapsedMs: 2000 })).toBe('l: 20 10.0/s');
  });
});

describe('formatBar', () => {
  it('fills the bar in proportion', () => {
    expect(formatBar({ label: 'l', done: 10, failed: 0, total: 10, elapsedMs: 1000 }, 80)).toContain('[' + '#'.repeat(40) + ']');
  });
});

describe('etaSeconds', () => {
  it('is undefined before any progress', () => {
    expect(etaSeconds({ label: 'l', done: 0, failed: 0, total: 5, elapsedMs: 0 })).toBeUndefined();
  });
});

describe('drawSchedule', () => {
  it('is due every intervalMs in plain mode and every 100 ms on a terminal, and restarts the wait when due', () => {
    let t = 0;
    const plain = drawSchedule({ stream: { write: () => {} }, intervalMs: 1000, now: () => t });
    t = 999;
    expect(plain.due()).toBe(false);
    t = 1000;
    expect(plain.due()).toBe(true);
    t = 1500;
    expect(plain.due()).toBe(false);
    t = 0;
    const tty = drawSchedule({ stream: { write: () => {}, isTTY: true }, intervalMs: 1000, now: () => t });
    expect(tty.tty).toBe(true);
    t = 100;
    expect(tty.due()).toBe(true);
  });
});
