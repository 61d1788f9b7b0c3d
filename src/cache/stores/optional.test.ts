import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors/index.js';
import { loadOptionalPackage } from './optional.js';

const pkg = { pkg: '@keyv/sqlite', store: 'sqlite', install: '@keyv/sqlite@^4' };

describe('loadOptionalPackage', () => {
  it('returns the module when it loads', async () => {
    const mod = { KeyvSqlite: class {} };
    expect(await loadOptionalPackage({ ...pkg, importer: async () => mod })).toBe(mod);
  });

  it('an absent package is a ConfigError saying what to install, with the cause kept', async () => {
    const cause = Object.assign(new Error("Cannot find package '@keyv/sqlite' imported from /x.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    const err = await loadOptionalPackage({ ...pkg, importer: () => Promise.reject(cause) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(
      `cache store "sqlite" needs the package @keyv/sqlite, which is not installed or incomplete (npm install @keyv/sqlite@^4): Cannot find package '@keyv/sqlite' imported from /x.js`,
    );
    expect((err as Error).cause).toBe(cause);
  });

  it('a package that is present but throws while loading (native addon not built) says so', async () => {
    const importer = () => Promise.reject(new Error('Could not locate the bindings file.\n Tried: a\n b'));
    await expect(loadOptionalPackage({ ...pkg, importer })).rejects.toThrow(
      /@keyv\/sqlite, which is installed but failed to load \(a native addon may not be built; .*\): Could not locate the bindings file\.$/,
    );
  });
});
