import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheMissError } from '../errors/index.js';
import { startMockServer, type MockServer } from '../mock/index.js';
import { packagePath } from '../util/paths.js';
import { MetricsFileSchema, RunRecordSchema } from './results.js';
import { readRunLines } from './runs-file.js';
import { runExperiment } from './run.js';

const GOLD = packagePath('gold', 'v1');

function experiment(dir: string, extra = ''): string {
  const file = join(dir, 'exp.yaml');
  writeFileSync(
    file,
    `name: lib-test\ngold: ${GOLD}\nmatrix:\n  models: [deepseek-v3.2, claude-sonnet-4.6]\n  prompts: [v1, v2]\n` +
      `options:\n  limit: 6\n  concurrency: 4\n  arbitration: true\n${extra}`,
  );
  return file;
}

describe('runExperiment', { timeout: 180_000 }, () => {
  let mock: MockServer;
  let dir: string;
  const env = (): Record<string, string> => ({ SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: 'test-key-lib-0001' });

  beforeAll(async () => {
    mock = await startMockServer({ latencyMs: [1, 5], confidence: [0.5, 1] });
    dir = mkdtempSync(join(tmpdir(), 'sft-runner-'));
  });
  afterAll(async () => {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('labels every configuration, then re-runs from the cache with 0 requests and the same metrics', async () => {
    const opts = { experimentFile: experiment(dir), env: env(), cacheDir: join(dir, 'cache'), outDir: join(dir, 'out'), cwd: dir };
    const first = await runExperiment(opts);
    expect(mock.stats.requests).toBeGreaterThan(0);
    expect(Object.keys(first.run.configs)).toEqual(['deepseek-v3.2__v1', 'deepseek-v3.2__v2', 'claude-sonnet-4.6__v1', 'claude-sonnet-4.6__v2']);
    for (const c of Object.values(first.run.configs)) {
      expect(c.labeled + c.failed).toBe(6);
      expect(c.http_requests).toBeGreaterThanOrEqual(12);
    }
    const metricsText = readFileSync(first.paths.metrics, 'utf8');
    MetricsFileSchema.parse(JSON.parse(metricsText));
    RunRecordSchema.parse(JSON.parse(readFileSync(first.paths.run, 'utf8')));
    expect(first.metrics?.configs['deepseek-v3.2__v1']?.vs_baseline).toBeNull();
    expect(first.metrics?.configs['claude-sonnet-4.6__v2']?.vs_baseline?.n).toBe(6);

    const before = mock.stats.requests;
    rmSync(first.paths.metrics); // scored again from the cached labels, not reused
    const again = await runExperiment({ ...opts, fresh: true });
    expect(mock.stats.requests - before).toBe(0);
    expect(readFileSync(again.paths.metrics, 'utf8')).toBe(metricsText);
    for (const c of Object.values(again.run.configs)) {
      expect(c.http_requests).toBe(0);
      expect(c.cache.misses).toBe(0);
      expect(c.cost_usd).toBe(0);
      expect(c.cost_usd_full).toBeGreaterThan(0);
    }
  });

  it('resumes: finished samples are not labeled again, a torn last line is', async () => {
    const opts = { experimentFile: experiment(dir), env: env(), cacheDir: join(dir, 'cache2'), outDir: join(dir, 'out2'), cwd: dir };
    const first = await runExperiment(opts);
    const path = first.paths.runs['deepseek-v3.2__v1'] as string;
    const text = readFileSync(path, 'utf8');
    const lines = text.trimEnd().split('\n');
    writeFileSync(path, `${lines.slice(0, 3).join('\n')}\n${lines[3]?.slice(0, 40)}`);
    const second = await runExperiment(opts);
    expect(second.run.configs['deepseek-v3.2__v1']?.resumed).toBe(3);
    expect(second.run.configs['deepseek-v3.2__v2']?.resumed).toBe(6);
    const ids = readRunLines(path).map((l) => `${l.id}#${l.sample_index}`);
    expect(new Set(ids).size).toBe(6);
    expect(ids).toHaveLength(6);
  });

  it('read-only: a changed temperature misses, and the error names configuration, sample and call', async () => {
    const base = { env: env(), cacheDir: join(dir, 'cache3'), outDir: join(dir, 'out3'), cwd: dir };
    await runExperiment({ ...base, experimentFile: experiment(dir) });
    const before = mock.stats.requests;
    await expect(runExperiment({ ...base, experimentFile: experiment(dir), cacheMode: 'read-only', fresh: true })).resolves.toBeTruthy();
    const changed = experiment(dir, '  temperature: 0.1\n');
    const err = await runExperiment({ ...base, experimentFile: changed, cacheMode: 'read-only' }).catch((e: unknown) => e);
    expect(mock.stats.requests).toBe(before);
    expect(err).toBeInstanceOf(CacheMissError);
    const missing = (err as CacheMissError).missing;
    expect(missing.length).toBe(4 * 6);
    expect(missing.some((m) => /config deepseek-v3\.2__v1, sample a-001, call1/.test(m))).toBe(true);
  });

  it('a smaller --limit after a larger run scores and counts only its own selection', async () => {
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, `name: rules-limit\ngold: ${GOLD}\nmatrix:\n  models: [rules]\n`);
    const opts = { experimentFile: file, env: {}, outDir: join(dir, 'out5'), cwd: dir };
    await runExperiment({ ...opts, limit: 6 });
    const r = await runExperiment({ ...opts, limit: 3 });
    expect(r.run.configs.rules).toMatchObject({ samples: 3, labeled: 3, resumed: 3, http_requests: 0 });
    expect(r.metrics?.configs.rules?.score.n).toBe(3);
    expect(r.run.cache.location).toBeNull(); // rules only: no cache opened
  });

  it('repeats label each sample N times with distinct sample_index', async () => {
    const file = join(dir, 'rep.yaml');
    writeFileSync(file, `name: rep\ngold: ${GOLD}\nmatrix:\n  models: [deepseek-v3.2]\n  prompts: [v2]\noptions:\n  limit: 3\n  repeats: 2\n  temperature: 0.7\n  arbitration: false\n`);
    const r = await runExperiment({ experimentFile: file, env: env(), cacheDir: join(dir, 'cache4'), outDir: join(dir, 'out4'), cwd: dir });
    const lines = readRunLines(r.paths.runs['deepseek-v3.2__v2'] as string);
    expect(lines.map((l) => `${l.id}#${l.sample_index}`).sort()).toEqual(['a-001#0', 'a-001#1', 'a-002#0', 'a-002#1', 'a-003#0', 'a-003#1']);
    expect(r.metrics?.configs['deepseek-v3.2__v2']?.repeats).toHaveLength(2);
    expect(r.run.configs['deepseek-v3.2__v2']?.cache.writes).toBe(12);
  });
});
