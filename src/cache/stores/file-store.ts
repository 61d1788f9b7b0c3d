import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Keys the file store accepts: hex digests only, so a key can never name a path outside the cache folder. */
const KEY_PATTERN = /^[0-9a-f]{8,128}$/;
const PREFIX_PATTERN = /^[0-9a-f]{2}$/;

/**
 * A keyv store adapter keeping one pretty JSON file per entry under hash-prefix folders (`ab/abcdef….json`), so the
 * cache can be committed to git (small diffs, no merge conflicts between entries) and shared by several processes.
 *
 * Keyv is used with serialization off for this store: `set` receives `{value, expires}` objects and the file holds
 * `value` alone (the entry carries its own format version). TTLs are not supported — cache entries are pruned by
 * `sft-label cache prune`, not expired.
 *
 * Writes go to a uniquely named temp file in the same folder and are renamed over the target: rename is atomic
 * within a file system, so readers see the old file or the new one, and concurrent writers of the same key (same
 * answer anyway) leave one complete file. No fsync: a file lost to a power cut is just a miss, fetched again.
 */
export class FileStore extends EventEmitter {
  readonly opts: { dir: string; dialect: 'file' };
  namespace?: string;

  constructor(readonly dir: string) {
    super();
    this.opts = { dir, dialect: 'file' };
  }

  /** Path of the file holding `key`. Throws on a key that is not a hex digest. */
  pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`file cache store: invalid key "${key.slice(0, 80)}" (expected hex digest)`);
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<{ value: unknown } | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathOf(key), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      return { value: JSON.parse(text) as unknown };
    } catch {
      return undefined; // corrupt file: a miss; the next write replaces it
    }
  }

  async set(key: string, data: { value?: unknown } | unknown): Promise<boolean> {
    const value = data && typeof data === 'object' && 'value' in data ? (data as { value: unknown }).value : data;
    const path = this.pathOf(key);
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
    const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, serialiseEntryFile(value), 'utf8');
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    return true;
  }

  async has(key: string): Promise<boolean> {
    try {
      await stat(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(key));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  /** Removes the hash-prefix folders only, never other files a user keeps in the cache folder. */
  async clear(): Promise<void> {
    for (const prefix of await this.prefixes()) await rm(join(this.dir, prefix), { recursive: true, force: true });
  }

  /** Every key, in sorted order (stable output for stats and prune). */
  async *keys(): AsyncGenerator<string> {
    for (const prefix of await this.prefixes()) {
      const names = await readdir(join(this.dir, prefix)).catch(() => [] as string[]);
      for (const name of names.sort()) {
        if (!name.endsWith('.json')) continue; // temp files of writers in progress
        const key = name.slice(0, -'.json'.length);
        if (KEY_PATTERN.test(key) && key.startsWith(prefix)) yield key;
      }
    }
  }

  /** Size of the stored file in bytes, or 0 when absent. */
  async sizeOf(key: string): Promise<number> {
    try {
      return (await stat(this.pathOf(key))).size;
    } catch {
      return 0;
    }
  }

  private async prefixes(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => PREFIX_PATTERN.test(n)).sort();
  }
}

/** Pretty JSON with a final newline: diffs line by line in git. */
export function serialiseEntryFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
