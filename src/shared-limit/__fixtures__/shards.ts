import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCli, runCli, type CliRun } from '../../cli/__fixtures__/run-cli.js';
import type { MockServer } from '../../mock/index.js';
import { packagePath } from '../../util/paths.js';

/**
 * Issue 18's scenario, shared by the test (shards.test.ts) and the bench (bench/shards-429.bench.mjs reimplements it
 * on dist/): `shards` processes of `label --shard K/N --shared-limit` against one mock, then `merge`, and the same
 * input labeled by one process. Uses the built CLI.
 */
export interface ShardRunOptions {
  dir: string;
  /** Samples: the first n of gold/v1. */
  samples: number;
  shards: number;
  /** The mock the shards share (capped), and a fresh one for the single-process run. */
  mock: MockServer;
  single: MockServer;
  redisUrl: string;
  /** `--concurrency` of each shard: the budget of all together with --shared-limit. */
  concurrency: number;
}

export interface ShardRunResult {
  shardRuns: CliRun[];
  merge: CliRun;
  singleRun: CliRun;
  mergedIds: string[];
  singleIds: string[];
  wallMs: number;
}

const ids = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => String((JSON.parse(l) as { id: unknown }).id));

export async function runShards(o: ShardRunOptions): Promise<ShardRunResult> {
  const input = join(o.dir, 'input.jsonl');
  const lines = readFileSync(packagePath('gold', 'v1', 'samples.jsonl'), 'utf8').split('\n').filter(Boolean);
  writeFileSync(input, `${lines.slice(0, o.samples).join('\n')}\n`);
  const args = (output: string, mock: MockServer, extra: string[]) => ({
    args: ['label', '--model', 'deepseek-v3.2', '--input', input, '--output', output, '--cache', 'off', '--concurrency', String(o.concurrency), '--no-progress', ...extra],
    env: { SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: 'test-key-0000', SFT_LABEL_LIMIT_URL: o.redisUrl },
  });
  const outputs = Array.from({ length: o.shards }, (_, i) => join(o.dir, `labeled.${i + 1}.jsonl`));
  const started = performance.now();
  const shardRuns = await Promise.all(
    outputs.map((out, i) => {
      const { args: a, env } = args(out, o.mock, ['--shard', `${i + 1}/${o.shards}`, '--shared-limit']);
      return startCli(a, { env }).done;
    }),
  );
  const wallMs = performance.now() - started;
  const merged = join(o.dir, 'labeled.jsonl');
  const merge = await runCli(['merge', '--output', merged, ...outputs]);
  const single = join(o.dir, 'single.jsonl');
  const { args: a, env } = args(single, o.single, []);
  const singleRun = await runCli(a, { env });
  return { shardRuns, merge, singleRun, mergedIds: merge.code === 0 ? ids(merged) : [], singleIds: singleRun.code === 0 ? ids(single) : [], wallMs };
}
