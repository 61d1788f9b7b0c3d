import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FileStore } from './file-store.js';

const KEY = 'ab'.padEnd(64, 'c');

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? allFiles(join(dir, n)) : [join(dir, n)]));
}

function bigValue(writer: number): Record<string, unknown> {
  // Large enough that a torn write would be visible as invalid JSON.
  return { version: 1, writer, content: `w${writer}-`.repeat(20_000) };
}

describe('FileStore', () => {
  it('stores one pretty JSON file per key under a hash-prefix folder and reads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fstore-'));
    const store = new FileStore(dir);
    expect(await store.get(KEY)).toBeUndefined();
    await store.set(KEY, { value: { version: 1, a: [1, 2] } });
    expect(store.pathOf(KEY)).toBe(join(dir, 'ab', `${KEY}.json`));
    expect(readFileSync(store.pathOf(KEY), 'utf8')).toBe('{\n  "version": 1,\n  "a": [\n    1,\n    2\n  ]\n}\n');
    expect(await store.get(KEY)).toEqual({ value: { version: 1, a: [1, 2] } });
    expect(await store.has(KEY)).toBe(true);
    const keys: string[] = [];
    for await (const k of store.keys()) keys.push(k);
    expect(keys).toEqual([KEY]);
    expect(await store.delete(KEY)).toBe(true);
    expect(await store.delete(KEY)).toBe(false);
  });

  it('rejects keys that are not hex digests (no path can escape the folder)', () => {
    const store = new FileStore(mkdtempSync(join(tmpdir(), 'fstore-')));
    expect(() => store.pathOf('../../etc/passwd')).toThrow(/invalid key/);
    expect(() => store.pathOf('ABCDEF0123')).toThrow(/invalid key/);
  });

  it('reads a corrupt file as a miss and clear() keeps files that are not entries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fstore-'));
    const store = new FileStore(dir);
    await store.set(KEY, { value: { v: 1 } });
    writeFileSync(store.pathOf(KEY), '{"v": 1,');
    expect(await store.get(KEY)).toBeUndefined();
    writeFileSync(join(dir, 'README.md'), 'cache');
    await store.clear();
    expect(readdirSync(dir)).toEqual(['README.md']);
  });

  it('many concurrent writes to one key leave exactly one complete, valid file and no temp files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fstore-'));
    const store = new FileStore(dir);
    const reads: Array<Promise<unknown>> = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        reads.push(store.get(KEY)); // readers racing the writers see nothing or a whole file
        return store.set(KEY, { value: bigValue(i) });
      }),
    );
    for (const r of await Promise.all(reads)) if (r !== undefined) expect((r as { value: { content: string } }).value.content.length).toBeGreaterThan(1000);
    expect(allFiles(dir)).toEqual([store.pathOf(KEY)]);
    const v = JSON.parse(readFileSync(store.pathOf(KEY), 'utf8')) as { writer: number; content: string };
    expect(v.content).toBe(`w${v.writer}-`.repeat(20_000));
  });

  it('several processes writing the same and different keys at once leave only valid files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fstore-procs-'));
    // Compile the store for plain node children (it imports only node builtins).
    const src = readFileSync(new URL('./file-store.ts', import.meta.url), 'utf8');
    const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
    writeFileSync(join(dir, 'file-store.mjs'), js);
    writeFileSync(
      join(dir, 'writer.mjs'),
      `import { FileStore } from './file-store.mjs';
       const [, , cacheDir, who] = process.argv;
       const store = new FileStore(cacheDir);
       const shared = 'ab'.padEnd(64, 'c');
       const jobs = [];
       for (let i = 0; i < 30; i++) {
         jobs.push(store.set(shared, { value: { version: 1, writer: who, i, content: ('p' + who + '-').repeat(5000) } }));
         jobs.push(store.set((i % 16).toString(16) + who + 'f'.repeat(62), { value: { version: 1, writer: who, i } }));
       }
       await Promise.all(jobs);`,
    );
    const cacheDir = join(dir, 'cache');
    const run = (who: number) =>
      new Promise<number | null>((res) => spawn(process.execPath, [join(dir, 'writer.mjs'), cacheDir, String(who)], { stdio: 'inherit' }).on('exit', res));
    expect(await Promise.all([1, 2, 3, 4].map(run))).toEqual([0, 0, 0, 0]);
    const files = allFiles(cacheDir);
    expect(files.filter((f) => !f.endsWith('.json'))).toEqual([]); // no temp files left
    expect(files).toHaveLength(1 + 4 * 16);
    for (const f of files) {
      const v = JSON.parse(readFileSync(f, 'utf8')) as { version: number; writer: string; content?: string };
      expect(v.version).toBe(1);
      if (v.content !== undefined) expect(v.content).toBe(`p${v.writer}-`.repeat(5000));
    }
  });
});
