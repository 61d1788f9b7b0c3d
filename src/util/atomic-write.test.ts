import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAtomicFile, removeStaleTemps, writeFileAtomic } from './atomic-write.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'atomic-'));

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file', () => {
    const d = dir();
    const p = join(d, 'a.json');
    writeFileSync(p, 'old');
    writeFileAtomic(p, 'new');
    expect(readFileSync(p, 'utf8')).toBe('new');
    expect(readdirSync(d)).toEqual(['a.json']);
  });
});

describe('openAtomicFile', () => {
  it('keeps the target untouched until commit', () => {
    const d = dir();
    const p = join(d, 'out.json');
    writeFileSync(p, 'previous');
    const f = openAtomicFile(p);
    f.write('[1,');
    expect(readFileSync(p, 'utf8')).toBe('previous');
    f.write('2]');
    f.commit();
    expect(readFileSync(p, 'utf8')).toBe('[1,2]');
    expect(existsSync(f.tempPath)).toBe(false);
  });
  it('abort removes the temp file and never creates the target', () => {
    const d = dir();
    const p = join(d, 'out.json');
    const f = openAtomicFile(p);
    f.write('partial');
    f.abort();
    f.abort();
    expect(readdirSync(d)).toEqual([]);
    expect(() => f.write('x')).toThrow(/already committed or aborted/);
  });
});

describe('removeStaleTemps', () => {
  it('removes temp files of dead writers only', () => {
    const d = dir();
    const p = join(d, 'o.json');
    writeFileSync(join(d, '.o.json.tmp-999999999'), 'dead');
    writeFileSync(join(d, `.o.json.tmp-${process.ppid}`), 'alive');
    writeFileSync(join(d, '.other.json.tmp-999999999'), 'not ours');
    expect(removeStaleTemps(p)).toEqual([join(d, '.o.json.tmp-999999999')]);
    expect(readdirSync(d).sort()).toEqual([`.o.json.tmp-${process.ppid}`, '.other.json.tmp-999999999']);
  });
});
