import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCacheDir } from './dir.js';

describe('resolveCacheDir', () => {
  const cwd = resolve('/srv/project');
  it('defaults to the user cache .sft-label/cache under cwd, never the committed cache/', () => {
    expect(resolveCacheDir({ cwd, env: {} })).toBe(join(cwd, '.sft-label', 'cache'));
  });
  it("takes an experiment's cache folder over the environment, and --cache-dir over both", () => {
    const exp = resolve('/srv/project/cache/ci');
    expect(resolveCacheDir({ cwd, experiment: exp, env: { SFT_LABEL_CACHE_DIR: 'mine' } })).toBe(exp);
    expect(resolveCacheDir({ cwd, experiment: null, env: { SFT_LABEL_CACHE_DIR: 'mine' } })).toBe(join(cwd, 'mine'));
    expect(resolveCacheDir({ cwd, flag: 'c2', experiment: exp, env: {} })).toBe(join(cwd, 'c2'));
  });
  it('takes SFT_LABEL_CACHE_DIR when no flag is given, ignoring a blank value', () => {
    expect(resolveCacheDir({ cwd, env: { SFT_LABEL_CACHE_DIR: 'tmp/c' } })).toBe(join(cwd, 'tmp', 'c'));
    expect(resolveCacheDir({ cwd, env: { SFT_LABEL_CACHE_DIR: ' ' } })).toBe(join(cwd, '.sft-label', 'cache'));
  });
  it('lets --cache-dir win over the environment, absolute paths kept', () => {
    const abs = resolve('/var/cache/sft');
    expect(resolveCacheDir({ cwd, flag: abs, env: { SFT_LABEL_CACHE_DIR: 'other' } })).toBe(abs);
    expect(resolveCacheDir({ cwd, flag: 'c2', env: { SFT_LABEL_CACHE_DIR: 'other' } })).toBe(join(cwd, 'c2'));
  });
});
