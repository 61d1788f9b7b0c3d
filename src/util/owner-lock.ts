import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { UsageError } from '../errors/index.js';
import { isAlive } from './pid.js';

/** What an owner lock file holds. */
export interface LockOwner {
  pid: number;
  host: string;
  started_at: string;
}

export interface OwnerLock {
  path: string;
  owner: LockOwner;
  /** Remove the lock file if it is still ours (idempotent). Also done at process exit. */
  release(): void;
}

export interface AcquireOptions {
  /** What is being written, for the refusal (`output out.jsonl`, `report folder reports/x`). */
  what: string;
  /** Defaults: this process, this host, now. */
  pid?: number;
  host?: string;
  now?: () => Date;
  /** Is `pid` alive on this host? Default: signal 0 (EPERM counts as alive). */
  alive?: (pid: number) => boolean;
  /**
   * Called after a lock was judged stale, before it is taken over: tests run a second process's acquire here to
   * check that two processes taking over the same stale lock cannot both win.
   */
  onStale?: () => void;
}

/** A lock file that cannot be read yet is taken as being written by its owner for this long, then as stale. */
const UNREADABLE_GRACE_MS = 10_000;
/** A takeover holds `<lock>.takeover` for a few file operations; one older than this was left by a crash. */
const TAKEOVER_STALE_MS = 5_000;
/** How long a process waits, in total, for another process's takeover of the same lock to finish. */
const TAKEOVER_WAIT_MS = 2_000;
const TAKEOVER_POLL_MS = 20;

/**
 * One writer per output: a lock file created exclusively (O_EXCL) that holds pid, host and start time. A second
 * process is refused (UsageError, exit 2) while the owner lives; a lock left by an owner that died (SIGKILL, a crash,
 * a reboot: its pid is not alive on this host) is stale and taken over, so a crash never leaves the output stuck.
 * A lock from another host cannot be checked: the refusal says to delete it when that run is gone.
 *
 * Taking over is the one step that removes a file another process may be judging too: it happens under
 * `<lock>.takeover` (also O_EXCL), and only after reading the lock again there and finding the same stale owner. So two
 * processes that judge the same stale lock at once cannot both proceed: the second finds the first's fresh lock.
 */
export function acquireOwnerLock(path: string, options: AcquireOptions): OwnerLock {
  const owner: LockOwner = {
    pid: options.pid ?? process.pid,
    host: options.host ?? hostname(),
    started_at: (options.now?.() ?? new Date()).toISOString(),
  };
  const alive = options.alive ?? isAlive;
  const text = `${JSON.stringify(owner)}\n`;
  const deadline = Date.now() + TAKEOVER_WAIT_MS;
  for (let attempt = 0; attempt < 5 || Date.now() < deadline; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const held = readOwner(path);
      if (held === 'gone') continue;
      const stale = held === 'unreadable' ? ageMs(path) >= UNREADABLE_GRACE_MS : held.host === owner.host && !alive(held.pid);
      if (!stale) throw busy(path, options.what, held === 'unreadable' ? null : held);
      options.onStale?.();
      if (takeOver(path, held) === 'in-progress') {
        if (Date.now() >= deadline) break;
        sleepSync(TAKEOVER_POLL_MS);
      }
      continue;
    }
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      process.off('exit', release);
      if (sameOwner(readOwner(path), owner)) removeQuietly(path);
    };
    process.on('exit', release);
    return { path, owner, release };
  }
  throw busy(path, options.what, null);
}

/**
 * Remove the stale lock at `path` if it still holds what was judged stale (`judged`), under `<path>.takeover`.
 * 'in-progress' when another process holds the takeover (the caller waits and reads the lock again); 'done' otherwise
 * (removed, or found changed: either way the caller tries again from the start).
 */
function takeOver(path: string, judged: LockOwner | 'unreadable'): 'done' | 'in-progress' {
  const gate = `${path}.takeover`;
  let fd: number;
  try {
    fd = openSync(gate, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // A takeover is a few file operations; one this old was left by a process that died in the middle of it.
    if (ageMs(gate) >= TAKEOVER_STALE_MS) {
      removeQuietly(gate);
      return 'done';
    }
    return 'in-progress';
  }
  try {
    const now = readOwner(path);
    if (judged === 'unreadable' ? now === 'unreadable' : sameOwner(now, judged)) removeQuietly(path);
  } finally {
    closeSync(fd);
    removeQuietly(gate);
  }
  return 'done';
}

/** The lock as read holds exactly this owner (same pid, host and start: a pid reused later is another owner). */
function sameOwner(held: ReturnType<typeof readOwner>, owner: LockOwner): boolean {
  return typeof held === 'object' && held.pid === owner.pid && held.host === owner.host && held.started_at === owner.started_at;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function busy(path: string, what: string, held: LockOwner | null): UsageError {
  const who = held ? `process ${held.pid} on ${held.host} (started ${held.started_at})` : 'another process';
  const remote = held && held.host !== hostname() ? `; if that run is gone, delete ${path}` : '';
  return new UsageError(`${what} is being written by ${who}: a second writer would mix their records (lock ${path}); wait for it to finish${remote}`, { file: path });
}

function readOwner(path: string): LockOwner | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.started_at === 'string') return { pid: v.pid, host: v.host, started_at: v.started_at };
  } catch {
    /* being written, or torn by a crash */
  }
  return 'unreadable';
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}
