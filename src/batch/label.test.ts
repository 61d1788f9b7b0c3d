import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { recordId } from '../conversation/index.js';
import { LabelStatsSchema } from '../records/index.js';
import { startMockServer, type MockServer } from '../mock/index.js';
import { runCli, startCli } from '../cli/__fixtures__/run-cli.js';
import { packagePath } from '../util/paths.js';
import { BatchStateSchema } from './state.js';

// End to end: the built CLI (`npx tsc -p tsconfig.build.json` first) against the mock's Batch API.
const N = 30;

const MODELS = `version: 1
models:
  mock-model:
    tier: light
    provider: mock
    model: mock-model
    response_format: json_schema
    prices: { input: 1.0, cached_input: 0.5, output: 2.0, as_of: "2026-11", source: "test" }
    batch_discount: 0.5
`;

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function fixture(): Promise<{ dir: string; input: string; output: string; args: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'batch-label-'));
  const input = join(dir, 'in.jsonl');
  const synth = (await import(pathToFileURL(packagePath('bench', 'synth.mjs')).href)) as { writeSyntheticJsonl(p: string, n: number, seed?: number): Promise<void> };
  await synth.writeSyntheticJsonl(input, N, 21);
  writeFileSync(join(dir, 'models.yaml'), MODELS);
  const output = join(dir, 'labeled_b.jsonl');
  const args = ['label', '--batch', '--batch-poll-ms', '100', '--model', 'mock-model', '--models', join(dir, 'models.yaml'), '--base-url', mock!.url,
    '--cache-dir', join(dir, 'cache'), '--input', input, '--output', output, '--no-progress'];
  return { dir, input, output, args };
}

const run = (args: string[], killWhen?: () => boolean) => runCli(args, { env: { SFT_LABEL_API_KEY: 'sk-batch-secret' }, ...(killWhen ? { killWhen } : {}) });

const lines = (p: string): Array<Record<string, unknown>> => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('sft-label label --batch', () => {
  it('labels every sample through batches (call 1, then call 2), resubmitting what an expired batch left, at batch prices', async () => {
    mock = await startMockServer({ confidence: 0.95, batch: { completeAfterMs: 60, script: [{ kind: 'expire', answered: 0.5 }] } });
    const { output, args, dir } = await fixture();
    const r = await run(args);
    expect(r.stderr).toMatch(/batch batch_mock1: expired, 15 answered, 15 to send again/);
    expect(r.code).toBe(0);
    const stats = LabelStatsSchema.parse(JSON.parse(readFileSync(join(dir, 'stats_b.json'), 'utf8')));
    expect(stats).toMatchObject({ records_in: N, labeled: N, failed: 0 });
    const out = lines(output);
    expect(new Set(out.map((x) => recordId(x))).size).toBe(out.length);
    expect(out).toHaveLength(N);
    // Batch 1: call 1 of all 30 (expires, 15 answered); then the 15 call 1 left and call 2 of everyone, in one or
    // more batches depending on how fast the samples move on (no timing is asserted). No online chat request at all,
    // every request answered exactly once, only the expired half sent twice.
    expect(mock.batch.created.length).toBeGreaterThanOrEqual(3);
    expect(mock.stats.requests).toBe(0);
    expect(mock.batch.answered).toBe(2 * N);
    expect([...mock.batch.sent.values()].filter((n) => n === 2)).toHaveLength(N / 2);
    expect(mock.batch.sent.size).toBe(2 * N);
    expect(stats.calls.total).toBe(2 * N);
    // Batch price: half of list price (input 1.0, output 2.0 per 1M tokens).
    const list = (stats.tokens.prompt * 1.0 + stats.tokens.completion * 2.0) / 1e6;
    expect(stats.cost.total_usd).toBeCloseTo(list * 0.5, 12);
    const state = BatchStateSchema.parse(JSON.parse(readFileSync(join(dir, 'batch_b.state.json'), 'utf8')));
    expect(state.batches.map((b) => b.status)).toEqual(['expired', ...mock.batch.created.slice(1).map(() => 'completed')]);
    expect(readFileSync(join(dir, 'batch_b.state.json'), 'utf8')).not.toContain('sk-batch-secret');
  });

  it('a run killed after creating its batch polls that batch on restart instead of paying again', async () => {
    mock = await startMockServer({ confidence: 0.95, batch: { completeAfterMs: 1500 } });
    const { output, args, dir } = await fixture();
    const statePath = join(dir, 'batch_b.state.json');
    const killed = await run(args, () => existsSync(statePath));
    expect(killed.signal).toBe('SIGKILL');
    expect(mock.batch.created).toHaveLength(1);
    const again = await run(args);
    expect(again.stderr).toMatch(/batch batch_mock1: from an earlier run \(30 requests\), polling it/);
    expect(again.code).toBe(0);
    // Call 1 came from the saved batch: 0 new call-1 batches, no request sent twice (only call 2 went out anew).
    expect(mock.batch.created.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...mock.batch.sent.values())).toBe(1);
    expect(mock.batch.sent.size).toBe(2 * N);
    expect(lines(output)).toHaveLength(N);
    expect(LabelStatsSchema.parse(JSON.parse(readFileSync(join(dir, 'stats_b.json'), 'utf8')))).toMatchObject({ records_in: N, labeled: N, failed: 0 });
  });

  it('Ctrl-C twice while a batch runs: exit 130 at once, the batch kept (not cancelled) and collected by the resume, nothing paid twice', async () => {
    mock = await startMockServer({ confidence: 0.95, batch: { completeAfterMs: 2500 } });
    const { output, args, dir } = await fixture();
    const statePath = join(dir, 'batch_b.state.json');
    const { child, done } = startCli(args, { env: { SFT_LABEL_API_KEY: 'sk-batch-secret' } });
    for (let i = 0; i < 1000 && !existsSync(statePath); i++) await new Promise((r) => setTimeout(r, 10));
    expect(mock.batch.created).toHaveLength(1);
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 150));
    const secondAt = Date.now();
    child.kill('SIGINT');
    const stopped = await done;
    // Before the batch could complete (2.5 s after it was created): the run did not wait for it.
    expect(Date.now() - secondAt).toBeLessThan(1500);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/resume with: sft-label label --batch/);
    expect(existsSync(output) ? lines(output) : []).toHaveLength(0); // nothing half-labeled is written as failed
    expect(BatchStateSchema.parse(JSON.parse(readFileSync(statePath, 'utf8'))).batches[0]?.custom_ids).toHaveLength(N);
    const resume = /resume with: sft-label (.*)/.exec(stopped.stderr)![1]!.split(' ');
    const again = await run(resume);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/batch batch_mock1: from an earlier run \(30 requests\), polling it/);
    expect(lines(output)).toHaveLength(N);
    expect(Math.max(...mock.batch.sent.values())).toBe(1); // no request in two batches
    expect(mock.batch.sent.size).toBe(2 * N);
    expect(mock.stats.requests).toBe(0);
  }, 60_000);

  it('refuses --batch without the response cache', async () => {
    mock = await startMockServer({});
    const { args } = await fixture();
    const r = await run([...args, '--cache', 'off']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--batch needs the response cache/);
  });
});
