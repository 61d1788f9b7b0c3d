import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCacheDir } from './dir.js';

describe('resolveCacheDir', () => {
  const cwd = resolve('/work/project');
  it('defaults to cache/ under cwd', () => {
    expect(resolveCacheDir({ cwd, env: {} })).toBe(join(cwd, 'cache'));
  });
  it('takes SFT_LABEL_CACHE_DIR when no flag is given, ignoring a blank value', () => {
    expect(resolveCacheDir({ cwd, env: { SFT_LABEL_CACHE_DIR: 'tmp/c' } })).toBe(join(cwd, 'tmp', 'c'));
    expect(resolveCacheDir({ cwd, env: { SFT_LABEL_CACHE_DIR: ' ' } })).toBe(join(cwd, 'cache'));
  });
  it('lets --cache-dir win over the environment, absolute paths kept', () => {
    const abs = resolve('/var/cache/sft');
    expect(resolveCacheDir({ cwd, flag: abs, env: { SFT_LABEL_CACHE_DIR: 'other' } })).toBe(abs);
    expect(resolveCacheDir({ cwd, flag: 'c2', env: { SFT_LABEL_CACHE_DIR: 'other' } })).toBe(join(cwd, 'c2'));
  });
});
