import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isAlive } from './pid.js';

/**
 * Crash-safe file writing. A reader of `path` sees either the previous file or the complete new one, never a
 * half-written file: data goes to a temp file in the same folder (rename is only atomic within one file system),
 * is fsynced, then renamed over the target.
 */

/** Temp path beside `path`; the pid keeps two concurrent writers apart. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
}

/** Write `data` to `path` atomically (temp file + fsync + rename). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const file = openAtomicFile(path);
  try {
    file.write(data);
    file.commit();
  } catch (err) {
    file.abort();
    throw err;
  }
}

export interface AtomicFile {
  readonly path: string;
  readonly tempPath: string;
  /** Append to the temp file. */
  write(data: string | Uint8Array): void;
  /** fsync the temp file and rename it over `path`. */
  commit(): void;
  /** Close and delete the temp file; `path` is left as it was. Safe to call twice or after commit. */
  abort(): void;
}

/**
 * Open a temp file that becomes `path` on commit. Used to stream a large output (the JSON array) in constant memory
 * and still publish it atomically.
 */
export function openAtomicFile(path: string): AtomicFile {
  removeStaleTemps(path);
  const tempPath = tempPathFor(path);
  let fd: number | null = openSync(tempPath, 'w');
  const live = (): number => {
    if (fd === null) throw new Error(`${path}: atomic file already committed or aborted`);
    return fd;
  };
  return {
    path,
    tempPath,
    write(data) {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < buf.length) off += writeSync(live(), buf, off, buf.length - off);
    },
    commit() {
      const f = live();
      fsyncSync(f);
      closeSync(f);
      fd = null;
      renameSync(tempPath, path);
      fsyncDir(dirname(path));
    },
    abort() {
      if (fd !== null) {
        closeSync(fd);
        fd = null;
        rmSync(tempPath, { force: true });
      }
    },
  };
}

/** fsync a folder so a rename inside it survives power loss; ignored where the platform refuses (Windows). */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort: not supported on every platform */
  }
}

/**
 * Delete temp files of `path` left by writers that died (SIGKILL, power loss): same name pattern, pid no longer
 * running. A live writer's temp file is left alone.
 */
export function removeStaleTemps(path: string): string[] {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.tmp-`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed;
}
