import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  CACHE_MODES,
  openCache,
  parseDuration,
  parseKeyList,
  pruneCache,
  resolveCacheDir,
  summariseCache,
  type Cache,
  type CacheMode,
  type CacheSummary,
} from '../../cache/index.js';
import { UsageError } from '../../errors/index.js';
import { cacheModeFlag } from '../flags.js';

export interface StoreFlags {
  cacheDir?: string;
  cacheStore?: string;
}

export interface CacheFlags extends StoreFlags {
  cache?: string;
  cacheOnly?: boolean;
}

function withStoreFlags(cmd: Command): Command {
  return cmd
    .option('--cache-dir <dir>', "cache folder (default: an experiment's `cache:` for run/ci/baseline update, else $SFT_LABEL_CACHE_DIR, else .sft-label/cache; ci and baseline update: cache/<name>/)")
    .option('--cache-store <name>', 'cache store: file (default), sqlite, redis (URL in $SFT_LABEL_CACHE_URL)');
}

/**
 * The cache flags of every command that calls a model (label, run, ci): `--cache MODE`, `--cache-only`,
 * `--cache-dir`, `--cache-store`. Pair with `cacheFromFlags`.
 */
export function addCacheOptions(cmd: Command): Command {
  return withStoreFlags(cmd)
    .option('--cache <mode>', `response cache mode: ${CACHE_MODES.join(', ')}`, 'read-write')
    .option('--cache-only', 'same as --cache read-only: a missing entry is an error, no request is sent');
}

/** Open the cache the flags name, with its mode. Mode `off` opens nothing. */
export async function cacheFromFlags(flags: CacheFlags): Promise<{ mode: CacheMode; cache: Cache | null }> {
  const mode = cacheModeFlag(flags);
  return { mode, cache: mode === 'off' ? null : await open(flags) };
}

function open(flags: StoreFlags): Promise<Cache> {
  const dir = resolveCacheDir({ flag: flags.cacheDir, env: process.env, cwd: process.cwd() });
  return openCache({ store: flags.cacheStore ?? 'file', dir, url: process.env.SFT_LABEL_CACHE_URL });
}

export function registerCache(program: Command): void {
  const cache = program.command('cache').description('Inspect or prune the LLM response cache.');
  withStoreFlags(cache.command('stats'))
    .description('Count cached entries and bytes, per model.')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: StoreFlags & { json?: boolean }) => {
      const c = await open(opts);
      try {
        const s = await summariseCache(c);
        process.stdout.write(opts.json ? `${JSON.stringify(s, null, 2)}\n` : renderSummary(s));
      } finally {
        await c.close();
      }
    });
  withStoreFlags(cache.command('prune'))
    .description('Delete cached entries matching every filter given (at least one). Corrupt or old-format entries always go.')
    .option('--older-than <duration>', 'entries created more than this long ago (30d, 12h, 90m, 2w)')
    .option('--model <model>', 'entries of this provider model name only')
    .option('--keep-keys <file>', 'never delete the keys listed in this file (one per line)')
    .option('--dry-run', 'say what would be deleted, delete nothing')
    .action(async (opts: StoreFlags & { olderThan?: string; model?: string; keepKeys?: string; dryRun?: boolean }) => {
      const olderThanMs = opts.olderThan === undefined ? undefined : parseDuration(opts.olderThan);
      const keepKeys = opts.keepKeys === undefined ? undefined : readKeys(opts.keepKeys);
      const c = await open(opts);
      try {
        const r = await pruneCache(c, { olderThanMs, model: opts.model, keepKeys, dryRun: opts.dryRun });
        const verb = opts.dryRun ? 'would delete' : 'deleted';
        process.stdout.write(`${c.location}: ${verb} ${r.deleted} of ${r.scanned} entries (${formatBytes(r.bytes)}; ${r.invalid} invalid)\n`);
      } finally {
        await c.close();
      }
    });
}

function readKeys(file: string): Set<string> {
  try {
    return parseKeyList(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--keep-keys: cannot read ${file}: ${(err as Error).message}`);
  }
}

function renderSummary(s: CacheSummary): string {
  const lines = [`${s.store} cache ${s.location}: ${s.entries} entries, ${formatBytes(s.bytes)}${s.invalid ? `, ${s.invalid} invalid` : ''}`];
  if (s.oldest) lines.push(`  created ${s.oldest} .. ${s.newest}`);
  const models = Object.entries(s.byModel).sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(0, ...models.map(([m]) => m.length));
  for (const [model, m] of models) lines.push(`  ${model.padEnd(width)}  ${String(m.entries).padStart(7)} entries  ${formatBytes(m.bytes).padStart(9)}`);
  return `${lines.join('\n')}\n`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
