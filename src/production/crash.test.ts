import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { recordId } from '../conversation/index.js';
import { LabelStatsSchema } from '../records/index.js';
import { startMockServer, type MockServer } from '../mock/index.js';
import { runCli } from '../cli/__fixtures__/run-cli.js';
import { packagePath } from '../util/paths.js';

// Production crash safety through an LLM endpoint (the mock): SIGKILL part-way, start again, nothing lost or doubled.
const N = 400;

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const lines = (p: string): Array<Record<string, unknown>> => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

const run = (args: string[], killWhen?: () => boolean) => runCli(args, { ...(killWhen ? { killWhen, pollMs: 5 } : {}) });

describe('label through an LLM endpoint: SIGKILL and restart', () => {
  it('loses no id and duplicates none', async () => {
    mock = await startMockServer({ confidence: 0.95, latencyMs: [1, 8] });
    const dir = mkdtempSync(join(tmpdir(), 'crash-'));
    const input = join(dir, 'in.jsonl');
    const synth = (await import(pathToFileURL(packagePath('bench', 'synth.mjs')).href)) as { writeSyntheticJsonl(p: string, n: number, seed?: number): Promise<void> };
    await synth.writeSyntheticJsonl(input, N, 31);
    const output = join(dir, 'labeled_c.jsonl');
    const args = ['label', '--model', 'mock-model', '--base-url', mock.url, '--cache', 'off', '--concurrency', '16', '--input', input, '--output', output, '--no-progress'];
    // Killed once some records are on disk (the sink flushes every 256 KB), well before the end.
    const first = await run(args, () => existsSync(output) && readFileSync(output).length > 300_000);
    expect(first.signal).toBe('SIGKILL');
    const partial = readFileSync(output, 'utf8').split('\n').filter(Boolean).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(N);
    const second = await run(args);
    expect(second.code).toBe(0);
    const ids = lines(output).map((r) => recordId(r));
    const want = lines(input).map((r) => recordId(r));
    // Same multiset of ids in the same order (the generator repeats a few id-less records: they appear as often as in the input).
    expect(ids).toEqual(want);
    const stats = LabelStatsSchema.parse(JSON.parse(readFileSync(join(dir, 'stats_c.json'), 'utf8')));
    expect(stats).toMatchObject({ records_in: N, labeled: N, failed: 0 });
    expect(stats.resumed).toBeGreaterThan(0);
  });
});
