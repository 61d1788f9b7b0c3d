import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabelStatsSchema } from '../records/index.js';
import { startMockServer, type MockServer } from '../mock/index.js';
import { runCli } from '../cli/__fixtures__/run-cli.js';
import { packagePath } from '../util/paths.js';

// Item 1 of issue 19 through the built CLI: total or heavy failure is an exit 1 with its reasons (label), a FAILED
// configuration in every report (run), and no production winner from a failed configuration or a partial run
// (promote) unless --force.
let mock: MockServer;
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
const tmp = (): string => mkdtempSync(join(tmpdir(), 'failed-runs-'));

beforeAll(async () => {
  // Claude is refused (a wrong key), every 5th other request is refused too (422: not retried).
  mock = await startMockServer({
    confidence: 0.95,
    latencyMs: 1,
    script: (req, ctx) => {
      if (String(req.body.model).includes('claude')) return { type: 'error', status: 401, body: { error: { message: 'invalid x-api-key', type: 'authentication_error' } } };
      // An endpoint that is down (503: retryable, so the breaker of labelers/breaker.ts does not stop it).
      if (String(req.body.model) === 'down') return { type: 'error', status: 503, body: { error: { message: 'service unavailable' } } };
      if (String(req.body.model) === 'flaky' && ctx.index % 5 === 0) return { type: 'error', status: 422, body: { error: { message: 'unprocessable: schema rejected' } } };
      return undefined;
    },
  });
});
afterAll(async () => {
  await mock.close();
});

async function input(n: number): Promise<string> {
  const dir = tmp();
  const file = join(dir, 'in.jsonl');
  const synth = (await import(pathToFileURL(packagePath('bench', 'synth.mjs')).href)) as { writeSyntheticJsonl(p: string, n: number, seed?: number): Promise<void> };
  await synth.writeSyntheticJsonl(file, n, 9);
  return file;
}

describe('label exit codes', () => {
  it('nothing labeled (endpoint down): exit 1 with the reason and its count; outputs written', async () => {
    const file = await input(12);
    const out = join(file, '..', 'labeled_x.jsonl');
    const r = await runCli(['label', '--model', 'down', '--base-url', mock.url, '--cache', 'off', '--max-retries', '0', '--no-progress', '--input', file, '--output', out], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing was labeled: all 12 record(s) failed');
    expect(r.stderr).toMatch(/ {2}12 x call1: .*503.*service unavailable/);
    expect(r.stderr).toContain('--retry-failed');
    const stats = LabelStatsSchema.parse(JSON.parse(readFileSync(join(file, '..', 'stats_x.json'), 'utf8')));
    expect(stats).toMatchObject({ labeled: 0, failed: 12, complete: true });
    expect(stats.failure_reasons[0]).toMatchObject({ count: 12 });
  });

  it('some failures: exit 1 above --max-failed (count or fraction), 0 below it', async () => {
    const file = await input(30);
    const base = ['label', '--model', 'flaky', '--base-url', mock.url, '--cache', 'off', '--no-arbitration', '--max-retries', '0', '--no-progress', '--input', file];
    const first = await runCli([...base, '--output', join(file, '..', 'a.jsonl')], { env });
    const stats = LabelStatsSchema.parse(JSON.parse(readFileSync(join(file, '..', 'stats_a.json'), 'utf8')));
    expect(stats.labeler_failed).toBeGreaterThan(3); // ~1 request in 5, two requests per record
    expect(stats.labeled).toBeGreaterThan(0);
    // The default (10%) is passed.
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(new RegExp(`${stats.labeler_failed} of 30 record\\(s\\) failed .*more than --max-failed 10%`));
    expect(first.stderr).toMatch(/ {2}\d+ x call[12]: .*422.*schema rejected/);
    const loose = await runCli([...base, '--output', join(file, '..', 'b.jsonl'), '--max-failed', '90%'], { env });
    expect(loose.code).toBe(0);
    const count = await runCli([...base, '--output', join(file, '..', 'c.jsonl'), '--max-failed', '2'], { env });
    expect(count.code).toBe(1);
    expect(count.stderr).toContain('more than --max-failed 2');
    expect((await runCli([...base, '--output', join(file, '..', 'd.jsonl'), '--max-failed', 'lots'], { env })).code).toBe(2);
  });
});

describe('run and promote', { timeout: 180_000 }, () => {
  it('a configuration whose every request is refused is FAILED in metrics.json, report.md, report.html and the table; promote refuses it and partial runs', async () => {
    const dir = tmp();
    const file = join(dir, 'two.yaml');
    writeFileSync(file, `name: two\ngold: ${packagePath('gold', 'v1')}\nmatrix:\n  models: [deepseek-v3.2, claude-sonnet-4.6]\n  prompts: [v3]\noptions:\n  limit: 6\n  arbitration: false\n`);
    const runEnv = { ...env, SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: 'k', SFT_LABEL_CACHE_DIR: join(dir, 'cache') };
    const r = await runCli(['run', file, '--no-progress'], { env: runEnv, cwd: dir });
    // The breaker (labelers/breaker.ts) stopped claude after its first refusals: exit 1, the others reported.
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/claude-sonnet-4\.6__v3: .*401/);
    const out = join(dir, 'reports', 'two');
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { configs: Record<string, { failure?: { reason: string; failed: number; top_reasons: Array<{ count: number; reason: string }> } | null }> };
    expect(metrics.configs['deepseek-v3.2__v3']?.failure).toBeNull();
    const failed = metrics.configs['claude-sonnet-4.6__v3']?.failure;
    expect(failed?.reason).toMatch(/^nothing was labeled: all \d record\(s\) failed$/);
    expect(failed?.top_reasons[0]?.count).toBe(failed?.failed);
    expect(failed?.top_reasons[0]?.reason).toMatch(/401/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/\| claude-sonnet-4\.6\\_\\_v3 \*\*FAILED\*\* \|/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/claude-sonnet-4\.6__v3 <span class="chip failed"[^>]*>FAILED<\/span>/);
    expect(r.stdout).toMatch(/status .*ok .*FAILED/);
    expect(r.stdout).toContain('FAILED claude-sonnet-4.6__v3: nothing was labeled');
    // `report RUN_DIR` renders the same marks.
    const again = await runCli(['report', out], { env, cwd: dir });
    expect(again.code).toBe(0);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/\*\*FAILED\*\*/);

    // A --limit / options.limit run is partial: refused unless --force.
    const lock = join(dir, 'lock.yaml');
    const partial = await runCli(['promote', out, '--out', lock], { env, cwd: dir });
    expect(partial.code).toBe(1);
    expect(partial.stderr).toMatch(/a partial run \(6 of \d+ gold samples/);
    // As if over the whole gold set: the failed configuration is refused, the best one that did not fail is chosen.
    const runJson = join(out, 'run.json');
    const run = JSON.parse(readFileSync(runJson, 'utf8')) as { gold: { samples: number; available: number } };
    writeFileSync(runJson, JSON.stringify({ ...run, gold: { ...run.gold, available: run.gold.samples } }));
    const byName = await runCli(['promote', out, '--config', 'claude-sonnet-4.6__v3', '--out', lock], { env, cwd: dir });
    expect(byName.code).toBe(1);
    expect(byName.stderr).toContain('configuration claude-sonnet-4.6__v3 failed');
    const best = await runCli(['promote', out, '--out', lock], { env, cwd: dir });
    expect(best.code).toBe(0);
    expect(best.stdout).toContain('promoted deepseek-v3.2__v3');
    const forced = await runCli(['promote', out, '--config', 'claude-sonnet-4.6__v3', '--force', '--out', lock], { env, cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('promoted anyway (--force)');
  });
});
