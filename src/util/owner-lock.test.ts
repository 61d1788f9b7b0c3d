import { existsSync, mkdtempSync, readFileSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import { acquireOwnerLock } from './owner-lock.js';

const lockPath = (): string => join(mkdtempSync(join(tmpdir(), 'owner-lock-')), 'o.jsonl.lock');

describe('acquireOwnerLock', () => {
  it('holds pid, host and start; a second owner is refused while the first lives; release frees it', () => {
    const path = lockPath();
    const first = acquireOwnerLock(path, { what: 'output o.jsonl', pid: 101, host: 'h1', alive: () => true });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: 101, host: 'h1' });
    expect(() => acquireOwnerLock(path, { what: 'output o.jsonl', pid: 102, host: 'h1', alive: () => true })).toThrow(UsageError);
    expect(() => acquireOwnerLock(path, { what: 'output o.jsonl', pid: 102, host: 'h1', alive: () => true })).toThrow(/output o\.jsonl is being written by process 101 on h1/);
    first.release();
    expect(existsSync(path)).toBe(false);
    acquireOwnerLock(path, { what: 'x', pid: 102, host: 'h1' }).release();
  });
  it('a dead owner on this host is stale: taken over; one on another host is not (it cannot be checked)', () => {
    const path = lockPath();
    acquireOwnerLock(path, { what: 'x', pid: 101, host: 'h1' });
    const next = acquireOwnerLock(path, { what: 'x', pid: 102, host: 'h1', alive: (pid) => pid !== 101 });
    expect(next.owner.pid).toBe(102);
    expect(() => acquireOwnerLock(path, { what: 'x', pid: 103, host: 'h2', alive: () => false })).toThrow(/process 102 on h1/);
  });
  it('two processes taking over the same stale lock at once: one wins, the other is refused by the winner\'s lock', () => {
    const path = lockPath();
    acquireOwnerLock(path, { what: 'x', pid: 101, host: 'h1' }); // 101 then dies
    const alive = (pid: number): boolean => pid !== 101;
    let second: ReturnType<typeof acquireOwnerLock> | undefined;
    // Process 102 has judged 101's lock stale; before it takes it over, process 103 does the whole takeover.
    const onStale = (): void => {
      if (!second) second = acquireOwnerLock(path, { what: 'x', pid: 103, host: 'h1', alive });
    };
    expect(() => acquireOwnerLock(path, { what: 'x', pid: 102, host: 'h1', alive, onStale })).toThrow(/process 103 on h1/);
    expect(second?.owner.pid).toBe(103);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: 103 });
    expect(existsSync(`${path}.takeover`)).toBe(false);
  });
  it('waits for a takeover in progress, and clears one left by a crash in the middle of it', () => {
    const path = lockPath();
    acquireOwnerLock(path, { what: 'x', pid: 101, host: 'h1' });
    const alive = (pid: number): boolean => pid !== 101;
    writeFileSync(`${path}.takeover`, ''); // another process is taking over right now
    let waited = 0;
    const onStale = (): void => {
      if (++waited === 3) unlinkSync(`${path}.takeover`); // ... and finishes without taking it (it found it changed)
    };
    expect(acquireOwnerLock(path, { what: 'x', pid: 102, host: 'h1', alive, onStale }).owner.pid).toBe(102);
    expect(waited).toBe(3);
    // A takeover file a minute old: its process died mid-takeover; it does not block the lock for ever.
    const path2 = lockPath();
    acquireOwnerLock(path2, { what: 'x', pid: 101, host: 'h1' });
    writeFileSync(`${path2}.takeover`, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path2}.takeover`, old, old);
    expect(acquireOwnerLock(path2, { what: 'x', pid: 102, host: 'h1', alive }).owner.pid).toBe(102);
    expect(existsSync(`${path2}.takeover`)).toBe(false);
  });
  it('release leaves a lock that is no longer its own', () => {
    const path = lockPath();
    const mine = acquireOwnerLock(path, { what: 'x', pid: 101, host: 'h1' });
    writeFileSync(path, JSON.stringify({ pid: 202, host: 'h1', started_at: 'later' }));
    mine.release();
    expect(existsSync(path)).toBe(true);
  });
});
