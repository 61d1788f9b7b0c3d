import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors/index.js';
import { summariseCache } from '../maintenance.js';
import { distinctKey, runCli, runWriters, sha256, sharedKey, testEntry } from './__fixtures__/processes.js';
import { openCache } from './registry.js';
import { SQLITE_FILE, sqliteFile, sqliteStoreFactory } from './sqlite-store.js';

const made: string[] = [];
const tempDir = () => {
  made.push(mkdtempSync(join(tmpdir(), 'sqlite-store-')));
  return made.at(-1) as string;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

async function allKeys(cache: { keys(): AsyncIterable<string> }): Promise<string[]> {
  const out: string[] = [];
  for await (const k of cache.keys()) out.push(k);
  return out;
}

/** File descriptors of this process open on `file` (Linux /proc). */
function openHandles(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
    } catch {
      return false;
    }
  }).length;
}

describe('sqliteFile', () => {
  it('is <dir>/cache.sqlite, or the path of a sqlite:// URL; another scheme is a ConfigError without its password', () => {
    expect(sqliteFile('/c')).toBe(`/c/${SQLITE_FILE}`);
    expect(sqliteFile('/c', 'sqlite:///data/big.sqlite')).toBe('/data/big.sqlite');
    const err = (() => {
      try {
        sqliteFile('/c', 'redis://:hunter2@cache.lan:6379');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/takes a sqlite:\/\/ URL.*redis:\/\/:\*\*\*@cache\.lan:6379/);
    expect((err as Error).message).not.toContain('hunter2');
  });
});

describe('sqliteStoreFactory', () => {
  it('stores, lists, sizes and deletes entries in <dir>/cache.sqlite, keys in order and without the namespace', async () => {
    const dir = join(tempDir(), 'not-yet-there');
    const cache = await openCache({ store: 'sqlite', dir });
    expect(cache.location).toBe(join(dir, SQLITE_FILE));
    const keys = ['c', 'a', 'b'].map(sha256);
    for (const k of keys) await cache.set(k, testEntry(k));
    expect((await cache.get(keys[0]!))?.key).toBe(keys[0]);
    expect(await cache.has(keys[1]!)).toBe(true);
    expect(await allKeys(cache)).toEqual([...keys].sort());
    expect(await cache.sizeOf(keys[0]!)).toBeGreaterThan(200);
    expect(await cache.sizeOf(sha256('absent'))).toBe(0);
    expect(await cache.delete(keys[0]!)).toBe(true);
    expect(await cache.get(keys[0]!)).toBeUndefined();
    await cache.close();
    expect(existsSync(join(dir, SQLITE_FILE))).toBe(true);
  });

  it('keys() pages through more keys than one query returns, and namespaces sharing a file stay apart', async () => {
    const dir = tempDir();
    const a = await openCache({ store: 'sqlite', dir });
    const b = await openCache({ store: 'sqlite', dir, namespace: 'other-project' });
    const keys = Array.from({ length: 1234 }, (_, i) => sha256(`k${i}`));
    await Promise.all(keys.map((k) => a.set(k, testEntry(k))));
    await b.set(sha256('theirs'), testEntry(sha256('theirs')));
    const listed = await allKeys(a);
    expect(listed).toHaveLength(1234);
    expect(new Set(listed)).toEqual(new Set(keys));
    expect(await allKeys(b)).toEqual([sha256('theirs')]);
    await Promise.all([a.close(), b.close()]);
  });

  it.runIf(existsSync('/proc/self/fd'))('close() releases the database file', async () => {
    const dir = tempDir();
    const file = join(dir, SQLITE_FILE);
    const cache = await openCache({ store: 'sqlite', dir });
    await cache.set(sha256('x'), testEntry(sha256('x')));
    expect(openHandles(file)).toBeGreaterThan(0);
    await cache.close();
    expect(openHandles(file)).toBe(0);
  });

  it('an unusable file is a ConfigError naming it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blocker'), 'a file, not a folder');
    const err = await openCache({ store: 'sqlite', dir: join(dir, 'blocker') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('blocker');
  });

  it('an adapter that cannot load (native addon not built) is a ConfigError naming @keyv/sqlite, not a crash', async () => {
    const broken = sqliteStoreFactory({ importer: () => Promise.reject(new Error('Could not locate the bindings file. Tried: node_sqlite3.node')) });
    const err = await openCache({ store: 'sqlite', dir: tempDir(), stores: { sqlite: broken } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/cache store "sqlite" needs the package @keyv\/sqlite, which is installed but failed to load.*bindings file/);
  });

  it('three processes writing distinct and identical keys at once leave every entry readable', async () => {
    const dir = tempDir();
    const jobs = [1, 2, 3].map((who) => ({ store: 'sqlite', dir, who, distinct: 40, shared: 20 }));
    const results = await runWriters(jobs);
    expect(results).toEqual(jobs.map(() => ({ code: 0, stderr: '' })));
    const cache = await openCache({ store: 'sqlite', dir });
    for (const who of [1, 2, 3]) for (let i = 0; i < 40; i++) expect((await cache.get(distinctKey(who, i)))?.model).toBe(`model-${who}`);
    for (let i = 0; i < 20; i++) expect((await cache.get(sharedKey(i)))?.model).toBe('shared-model');
    const summary = await summariseCache(cache);
    expect(summary).toMatchObject({ entries: 3 * 40 + 20, invalid: 0 });
    await cache.close();
  });
});

describe('sft-label cache stats/prune --cache-store sqlite (built CLI)', () => {
  it('counts and prunes the entries of <cache-dir>/cache.sqlite', async () => {
    const dir = tempDir();
    const cache = await openCache({ store: 'sqlite', dir });
    for (let i = 0; i < 3; i++) await cache.set(sha256(`old${i}`), testEntry(sha256(`old${i}`), 'deepseek-chat', '2020-01-01T00:00:00Z'));
    await cache.set(sha256('new'), testEntry(sha256('new'), 'gpt-5', new Date().toISOString()));
    await cache.close();
    const env = { SFT_LABEL_CACHE_URL: '' };
    const stats = runCli(['cache', 'stats', '--cache-store', 'sqlite', '--cache-dir', dir], env);
    expect(stats.stderr).toBe('');
    expect(stats.stdout).toMatch(new RegExp(`sqlite cache ${join(dir, SQLITE_FILE)}: 4 entries`));
    expect(stats.stdout).toMatch(/deepseek-chat +3 entries/);
    const prune = runCli(['cache', 'prune', '--older-than', '30d', '--cache-store', 'sqlite', '--cache-dir', dir], env);
    expect(prune.stdout).toMatch(/deleted 3 of 4 entries/);
    const after = await openCache({ store: 'sqlite', dir });
    expect(await allKeys(after)).toEqual([sha256('new')]);
    await after.close();
  });
});
