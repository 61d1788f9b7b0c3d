import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeClient, request } from '../../cache/__fixtures__/fake-client.js';
import { cacheKey, createCachingChatClient, openCache } from '../../cache/index.js';
import { UsageError } from '../../errors/index.js';
import { packagePath } from '../../util/paths.js';
import { cacheFromFlags } from './cache.js';
import { runCliSync } from '../__fixtures__/run-cli.js';

/** Run the built CLI (npx tsc -p tsconfig.build.json first). */
const cli = (args: string[], env: Record<string, string> = {}, cwd = packagePath()) => runCliSync(args, { cwd, fullEnv: { ...process.env, ...env } });

async function seed(): Promise<{ dir: string; keys: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'cache-cli-'));
  const cache = await openCache({ dir });
  const put = (model: string, iso: string, i: number) =>
    createCachingChatClient({ inner: fakeClient(), cache, now: () => iso }).complete(request({ model, sample_index: i }));
  await put('deepseek-chat', '2020-01-01T00:00:00Z', 0);
  await put('deepseek-chat', '2020-01-01T00:00:00Z', 1);
  await put('gpt-5', new Date().toISOString(), 0);
  const keys: string[] = [];
  for await (const k of cache.keys()) keys.push(k);
  return { dir, keys };
}

describe('sft-label cache', () => {
  it('stats counts entries and bytes per model, from --cache-dir or SFT_LABEL_CACHE_DIR', async () => {
    const { dir } = await seed();
    const r = cli(['cache', 'stats', '--json', '--cache-dir', dir]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { entries: number; bytes: number; byModel: Record<string, { entries: number }> };
    expect(s.entries).toBe(3);
    expect(s.byModel['deepseek-chat']!.entries).toBe(2);
    expect(s.bytes).toBeGreaterThan(0);
    const viaEnv = cli(['cache', 'stats'], { SFT_LABEL_CACHE_DIR: dir });
    expect(viaEnv.stdout).toMatch(/file cache .*: 3 entries/);
    expect(viaEnv.stdout).toMatch(/gpt-5 +1 entries/);
  });

  it('prune deletes by age and model, keeps listed keys, and needs a filter (exit 2)', async () => {
    const { dir } = await seed();
    const oldDeepseek0 = cacheKey(fakeClient().endpoint, request({ model: 'deepseek-chat', sample_index: 0 }));
    expect(cli(['cache', 'prune', '--cache-dir', dir]).code).toBe(2);
    const dry = cli(['cache', 'prune', '--older-than', '30d', '--dry-run', '--cache-dir', dir]);
    expect(dry.stdout).toMatch(/would delete 2 of 3 entries/);
    const keep = join(dir, 'keep.txt');
    writeFileSync(keep, `# keys of the last run\n${oldDeepseek0}\n`);
    const r = cli(['cache', 'prune', '--older-than', '30d', '--model', 'deepseek-chat', '--keep-keys', keep, '--cache-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/deleted 1 of 3 entries/);
    const s = JSON.parse(cli(['cache', 'stats', '--json', '--cache-dir', dir]).stdout) as { byModel: Record<string, { entries: number }> };
    expect(s.byModel).toEqual({ 'deepseek-chat': expect.objectContaining({ entries: 1 }), 'gpt-5': expect.objectContaining({ entries: 1 }) });
  });

  it('prune --model takes a registry id: entries under its wire name and under the id (gateway) go, others stay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cache-cli-'));
    const cache = await openCache({ dir });
    const put = (model: string, i: number) => createCachingChatClient({ inner: fakeClient(), cache, now: () => new Date().toISOString() }).complete(request({ model, sample_index: i }));
    // models.yaml: claude-sonnet-4.6 is sent as claude-sonnet-4-6 (direct) or claude-sonnet-4.6 (through a gateway).
    await put('claude-sonnet-4-6', 0);
    await put('claude-sonnet-4.6', 0);
    await put('claude-opus-4-5', 0);
    const r = cli(['cache', 'prune', '--model', 'claude-sonnet-4.6', '--cache-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('--model claude-sonnet-4.6: registry id, entries sent as claude-sonnet-4-6 or claude-sonnet-4.6');
    expect(r.stdout).toMatch(/deleted 2 of 3 entries/);
    const s = JSON.parse(cli(['cache', 'stats', '--json', '--cache-dir', dir]).stdout) as { byModel: Record<string, unknown> };
    expect(Object.keys(s.byModel)).toEqual(['claude-opus-4-5']);
    // A wire name that is no registry id still works as before.
    expect(cli(['cache', 'prune', '--model', 'claude-opus-4-5', '--cache-dir', dir]).stdout).toMatch(/deleted 1 of 1 entries/);
  });
});

describe('cacheFromFlags', () => {
  it('maps --cache / --cache-only to a mode and opens the folder; off opens nothing; bad modes are usage errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cache-flags-'));
    expect(await cacheFromFlags({ cacheDir: dir })).toMatchObject({ mode: 'read-write', cache: { store: 'file', location: dir } });
    expect((await cacheFromFlags({ cacheDir: dir, cache: 'refresh', cacheOnly: true })).mode).toBe('read-only');
    expect(await cacheFromFlags({ cache: 'off' })).toEqual({ mode: 'off', cache: null });
    await expect(cacheFromFlags({ cache: 'readonly' })).rejects.toThrow(UsageError);
  });
});
