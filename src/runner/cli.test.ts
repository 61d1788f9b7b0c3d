import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock/index.js';
import { startCli as startCliProcess, type CliRun as Cli } from '../cli/__fixtures__/run-cli.js';
import { packagePath } from '../util/paths.js';
import { MetricsFileSchema, RunRecordSchema } from './results.js';
import { readRunLines } from './runs-file.js';

// End to end through the built CLI (`npx tsc -p tsconfig.build.json` first; `npm test` does it) against the mock
// server in this process. spawn, never spawnSync: the mock answers from this event loop.
const GOLD = packagePath('gold', 'v1');
const ENDPOINT_VARS = ['SFT_LABEL_BASE_URL', 'OPENAI_BASE_URL', 'LITELLM_BASE_URL', 'SFT_LABEL_API_KEY', 'OPENAI_API_KEY', 'LITELLM_API_KEY', 'SFT_LABEL_CACHE_DIR'];

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const v of ENDPOINT_VARS) delete env[v];
  return { ...env, ...extra };
}

const startCli = (args: string[], env: NodeJS.ProcessEnv, cwd: string) => startCliProcess(args, { fullEnv: env, cwd });
const cli = (args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Cli> => startCli(args, env, cwd).done;

function writeExperiment(dir: string, name: string, body: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\ngold: ${GOLD}\n${body}`);
  return file;
}

const TWO_BY_TWO = 'matrix:\n  models: [deepseek-v3.2, claude-sonnet-4.6]\n  prompts: [v1, v2]\noptions:\n  limit: 8\n  concurrency: 4\n';

// Generous timeout: these spawn whole runs, and a loaded CI machine can be several times slower.
describe('sft-label run (built CLI, mock endpoint)', { timeout: 180_000 }, () => {
  let mock: MockServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    mock = await startMockServer({ latencyMs: [1, 4], confidence: [0.6, 1] });
    dir = mkdtempSync(join(tmpdir(), 'sft-run-cli-'));
    env = baseEnv({ SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: 'test-key-cli-0001', SFT_LABEL_CACHE_DIR: join(dir, 'cache') });
  });
  afterAll(async () => {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('2 models x 2 prompts twice: the second run sends 0 requests and writes identical metrics.json', async () => {
    const file = writeExperiment(dir, 'two-by-two', TWO_BY_TWO);
    const first = await cli(['run', file, '--no-progress'], env, dir);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    const out = join(dir, 'reports', 'two-by-two');
    const metrics = readFileSync(join(out, 'metrics.json'), 'utf8');
    const parsed = MetricsFileSchema.parse(JSON.parse(metrics));
    expect(Object.keys(parsed.configs)).toHaveLength(4);
    expect(first.stdout).toMatch(/overall \(macro mean\)/);
    const sent = mock.stats.requests;
    expect(sent).toBeGreaterThanOrEqual(4 * 8 * 2);

    // Start over (every sample labeled again, from the cache) and score again from scratch.
    rmSync(join(out, 'metrics.json'));
    const second = await cli(['run', file, '--fresh', '--no-progress'], env, dir);
    expect(second.code).toBe(0);
    expect(mock.stats.requests).toBe(sent);
    expect(readFileSync(join(out, 'metrics.json'), 'utf8')).toBe(metrics);
    const run = RunRecordSchema.parse(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')));
    for (const c of Object.values(run.configs)) {
      expect(c.http_requests).toBe(0);
      expect(c.cache.hit_rate).toBe(1);
    }
    // The key never reaches a file.
    expect(readFileSync(join(out, 'run.json'), 'utf8')).not.toContain('test-key-cli-0001');
    expect(readFileSync(join(out, 'runs', 'deepseek-v3.2__v1.jsonl'), 'utf8')).not.toContain('test-key-cli-0001');
  });

  it('read-only after a prompt edit exits 1 naming configuration, sample and call of each missing entry', async () => {
    const file = writeExperiment(dir, 'prompt-edit', TWO_BY_TWO.replace('limit: 8', 'limit: 4'));
    expect((await cli(['run', file, '--no-progress'], env, dir)).code).toBe(0);
    const prompts = join(dir, 'prompts');
    cpSync(packagePath('src', 'prompts'), prompts, { recursive: true });
    const call1 = join(prompts, 'v2', 'call1.hbs');
    writeFileSync(call1, readFileSync(call1, 'utf8').replace(/\n$/, '\nBe precise.\n'));
    const before = mock.stats.requests;
    const r = await cli(['run', file, '--cache-only', '--prompts-dir', prompts, '--no-progress'], env, dir);
    expect(r.code).toBe(1);
    expect(mock.stats.requests).toBe(before);
    expect(r.stderr).toMatch(/not in the cache/);
    expect(r.stderr).toMatch(/config deepseek-v3\.2__v2, sample a-001, call1/);
    expect(r.stderr).toMatch(/config claude-sonnet-4\.6__v2, sample a-004, call1/);
    expect(r.stderr).not.toMatch(/config [^,]*__v1,/);
    const run = RunRecordSchema.parse(JSON.parse(readFileSync(join(dir, 'reports', 'prompt-edit', 'run.json'), 'utf8')));
    expect(run.status).toBe('cache-misses');
    expect(run.configs['deepseek-v3.2__v2']?.missing).toBe(4);
  });

  it('killed with SIGKILL part-way and started again: no sample labeled twice, none missing', async () => {
    const slow = await startMockServer({ latencyMs: [40, 80], confidence: [0.6, 1] });
    try {
      const file = writeExperiment(dir, 'killed', 'matrix:\n  models: [deepseek-v3.2]\n  prompts: [v1, v2]\noptions:\n  limit: 16\n  concurrency: 2\n');
      const slowEnv = { ...env, SFT_LABEL_BASE_URL: slow.url, SFT_LABEL_CACHE_DIR: join(dir, 'cache-killed') };
      const runs = join(dir, 'reports', 'killed', 'runs', 'deepseek-v3.2__v1.jsonl');
      const { child, done } = startCli(['run', file, '--no-progress'], slowEnv, dir);
      await waitFor(() => existsSync(runs) && readRunLines(runs).length >= 4, 30_000);
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.signal).toBe('SIGKILL');
      const partial = readRunLines(runs).length;
      expect(partial).toBeLessThan(16);

      const again = await cli(['run', file, '--no-progress'], slowEnv, dir);
      expect(again.code).toBe(0);
      for (const config of ['deepseek-v3.2__v1', 'deepseek-v3.2__v2']) {
        const lines = readRunLines(join(dir, 'reports', 'killed', 'runs', `${config}.jsonl`));
        const keys = lines.map((l) => `${l.id}#${l.sample_index}`);
        expect(keys).toHaveLength(16);
        expect(new Set(keys).size).toBe(16);
      }
      const run = RunRecordSchema.parse(JSON.parse(readFileSync(join(dir, 'reports', 'killed', 'run.json'), 'utf8')));
      expect(run.configs['deepseek-v3.2__v1']?.resumed).toBeGreaterThanOrEqual(partial - 1);
      expect(run.status).toBe('complete');
    } finally {
      await slow.close();
    }
  });

  it('Ctrl-C (SIGINT) stops cleanly with exit 130 and the next run finishes the rest', async () => {
    const slow = await startMockServer({ latencyMs: [40, 80], confidence: [0.6, 1] });
    try {
      const file = writeExperiment(dir, 'interrupted', 'matrix:\n  models: [deepseek-v3.2]\n  prompts: [v1]\noptions:\n  limit: 12\n  concurrency: 2\n');
      const slowEnv = { ...env, SFT_LABEL_BASE_URL: slow.url, SFT_LABEL_CACHE_DIR: join(dir, 'cache-int') };
      const runs = join(dir, 'reports', 'interrupted', 'runs', 'deepseek-v3.2__v1.jsonl');
      const { child, done } = startCli(['run', file, '--no-progress'], slowEnv, dir);
      await waitFor(() => existsSync(runs) && readRunLines(runs).length >= 2, 30_000);
      child.kill('SIGINT');
      const stopped = await done;
      expect(stopped.code).toBe(130);
      expect(stopped.stderr).toMatch(/interrupted: finished samples are written to .*\nresume with: sft-label run /);
      expect(existsSync(join(dir, 'reports', 'interrupted', 'metrics.json'))).toBe(false);
      const again = await cli(['run', file, '--no-progress'], slowEnv, dir);
      expect(again.code).toBe(0);
      const keys = readRunLines(runs).map((l) => l.id);
      expect(new Set(keys).size).toBe(12);
      expect(keys).toHaveLength(12);
    } finally {
      await slow.close();
    }
  });

  it('the rules-baseline experiment runs offline, with no endpoint configured', async () => {
    const offline = baseEnv({});
    const out = join(dir, 'rules-out');
    const r = await cli(['run', packagePath('experiments', 'rules-baseline.yaml'), '--out', out, '--no-progress'], offline, dir);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const metrics = MetricsFileSchema.parse(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')));
    expect(metrics.configs.rules?.score.n).toBe(108);
    expect(metrics.configs.rules?.score.overall).toBeGreaterThan(0);
    expect(statSync(join(out, 'runs', 'rules.jsonl')).size).toBeGreaterThan(0);
  });

  it('a bad experiment file exits 2 listing every problem at once', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, `name: bad\ngold: ${GOLD}\nmatrix:\n  models: [deepsek-v3.2]\n  prompts: [v9]\noptions:\n  concurency: 3\n`);
    const r = await cli(['run', file], env, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/deepsek-v3\.2.*did you mean deepseek-v3\.2/);
    expect(r.stderr).toMatch(/unknown prompt version "v9"/);
    expect(r.stderr).toMatch(/concurency/);
  });
});

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
