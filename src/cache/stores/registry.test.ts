import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors/index.js';
import { redisStoreFactory } from './redis-store.js';
import { CACHE_STORES, openCache, type StoreFactory } from './registry.js';
import { sqliteStoreFactory } from './sqlite-store.js';

describe('openCache', () => {
  it('knows file, memory, sqlite and redis by name', () => {
    expect(Object.keys(CACHE_STORES).sort()).toEqual(['file', 'memory', 'redis', 'sqlite']);
  });

  it('an unknown store is a ConfigError listing the known ones', async () => {
    await expect(openCache({ store: 'sqlit', dir: '' })).rejects.toThrow(/unknown cache store "sqlit" \(known: file, memory, sqlite, redis\)/);
  });

  it('sqlite and redis without their packages name the package to install', async () => {
    const missing = (pkg: string) => () => Promise.reject(Object.assign(new Error(`Cannot find package '${pkg}'`), { code: 'ERR_MODULE_NOT_FOUND' }));
    const stores = {
      sqlite: sqliteStoreFactory({ importer: missing('@keyv/sqlite') }),
      redis: redisStoreFactory({ importer: missing('@keyv/redis') }),
    };
    await expect(openCache({ store: 'sqlite', dir: '/nonexistent', stores })).rejects.toThrow(
      /cache store "sqlite" needs the package @keyv\/sqlite, which is not installed or incomplete \(npm install @keyv\/sqlite@\^4\)/,
    );
    await expect(openCache({ store: 'redis', dir: '', url: 'redis://127.0.0.1:1', stores })).rejects.toThrow(
      /cache store "redis" needs the package @keyv\/redis.*npm install @keyv\/redis@\^5/,
    );
    await expect(openCache({ store: 'redis', dir: '' })).rejects.toBeInstanceOf(ConfigError);
  });

  it('accepts a plug-in store by name', async () => {
    const inner = CACHE_STORES.memory as StoreFactory;
    const cache = await openCache({ store: 'custom', dir: '', stores: { custom: (o) => inner(o) } });
    expect(cache.store).toBe('custom');
    expect(await cache.get('ab'.repeat(32))).toBeUndefined();
  });
});
