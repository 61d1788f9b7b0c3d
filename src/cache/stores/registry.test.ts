import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors/index.js';
import { CACHE_STORES, openCache, type StoreFactory } from './registry.js';

describe('openCache', () => {
  it('knows file, memory, sqlite and redis by name', () => {
    expect(Object.keys(CACHE_STORES).sort()).toEqual(['file', 'memory', 'redis', 'sqlite']);
  });

  it('an unknown store is a ConfigError listing the known ones', async () => {
    await expect(openCache({ store: 'sqlit', dir: '' })).rejects.toThrow(/unknown cache store "sqlit" \(known: file, memory, sqlite, redis\)/);
  });

  it('sqlite and redis without their packages say which package to install', async () => {
    // Neither adapter is a dependency; when one is installed this test documents the other path instead.
    const err = await openCache({ store: 'sqlite', dir: '/tmp' }).catch((e: unknown) => e);
    if (err instanceof ConfigError) expect(err.message).toMatch(/needs the package @keyv\/sqlite/);
    await expect(openCache({ store: 'redis', dir: '' })).rejects.toThrow(/needs a URL/);
  });

  it('accepts a plug-in store by name', async () => {
    const inner = CACHE_STORES.memory as StoreFactory;
    const cache = await openCache({ store: 'custom', dir: '', stores: { custom: (o) => inner(o) } });
    expect(cache.store).toBe('custom');
    expect(await cache.get('ab'.repeat(32))).toBeUndefined();
  });
});
