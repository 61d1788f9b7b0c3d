import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock/index.js';
import { runCli, startCli } from '../cli/__fixtures__/run-cli.js';
import { packagePath } from '../util/paths.js';

// `run` and Ctrl-C against a slow mock, through the built CLI: after the first SIGINT no request starts, the samples
// in flight are written, exit 130 within 2 s of the last answer; the printed command finishes the rest, each
// (sample, configuration) once.
const LATENCY = 600;
let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('run: Ctrl-C against a slow endpoint', { timeout: 120_000 }, () => {
  it('stops sending at the first SIGINT, writes what finished, exits 130; the resume completes with no duplicates', async () => {
    const arrivals: number[] = [];
    mock = await startMockServer({ confidence: 0.95, latencyMs: LATENCY, script: () => void arrivals.push(Date.now()) });
    const dir = mkdtempSync(join(tmpdir(), 'run-interrupt-'));
    const file = join(dir, 'slow.yaml');
    writeFileSync(file, `name: slow\ngold: ${packagePath('gold', 'v1')}\nmatrix:\n  models: [deepseek-v3.2]\n  prompts: [v3]\noptions:\n  limit: 16\n  concurrency: 2\n  arbitration: false\n`);
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: 'k', SFT_LABEL_CACHE_DIR: join(dir, 'cache') };
    const { child, done } = startCli(['run', file, '--no-progress'], { env, cwd: dir });
    // Mid-latency, after a few samples finished (2 requests each).
    for (let i = 0; i < 3000 && !(arrivals.length >= 7 && Date.now() - arrivals.at(-1)! >= 150); i++) await sleep(10);
    const signalAt = Date.now();
    const sent = arrivals.length;
    child.kill('SIGINT');
    const r = await done;
    const exitedAt = Date.now();
    expect(r.code).toBe(130);
    expect(arrivals.filter((t) => t > signalAt)).toEqual([]);
    expect(arrivals.length).toBe(sent);
    expect(exitedAt - (Math.max(...arrivals) + LATENCY)).toBeLessThan(2000);
    const runs = join(dir, 'reports', 'slow', 'runs', 'deepseek-v3.2__v3.jsonl');
    const ids = (): string[] => readFileSync(runs, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id);
    const written = ids();
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(16);
    const resume = /resume with: sft-label (.*)/.exec(r.stderr)![1]!.split(' ');
    const again = await runCli(resume, { env, cwd: dir });
    expect(again.code).toBe(0);
    const all = ids();
    expect(all).toHaveLength(16);
    expect(new Set(all).size).toBe(16);
    expect(all.slice(0, written.length)).toEqual(written);
  });
});
