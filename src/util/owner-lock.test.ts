import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  it('release leaves a lock that is no longer its own', () => {
    const path = lockPath();
    const mine = acquireOwnerLock(path, { what: 'x', pid: 101, host: 'h1' });
    writeFileSync(path, JSON.stringify({ pid: 202, host: 'h1', started_at: 'later' }));
    mine.release();
    expect(existsSync(path)).toBe(true);
  });
});
