import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { recordId } from '../conversation/index.js';
import { LabelStatsSchema } from '../records/index.js';
import { startMockServer, type MockServer } from '../mock/index.js';
import { runCli, startCli } from '../cli/__fixtures__/run-cli.js';
import { packagePath } from '../util/paths.js';

// Ctrl-C through the built CLI against a slow mock: after the first SIGINT no request starts, the ones in flight are
// answered and written, the command returns soon after the last answer with exit 130, and the printed resume command
// labels the rest with no id twice. A second SIGINT cancels the requests in flight.
const N = 30;
const LATENCY = 600;

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const lines = (p: string): Array<Record<string, unknown>> => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup(): Promise<{ dir: string; input: string; output: string; arrivals: number[]; args: string[] }> {
  const arrivals: number[] = [];
  mock = await startMockServer({
    confidence: 0.95,
    latencyMs: LATENCY,
    script: () => {
      arrivals.push(Date.now());
      return undefined;
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'interrupt-'));
  const input = join(dir, 'in.jsonl');
  const synth = (await import(pathToFileURL(packagePath('bench', 'synth.mjs')).href)) as { writeSyntheticJsonl(p: string, n: number, seed?: number): Promise<void> };
  await synth.writeSyntheticJsonl(input, N, 7);
  const output = join(dir, 'labeled_i.jsonl');
  const args = ['label', '--model', 'mock-model', '--base-url', mock.url, '--cache', 'off', '--concurrency', '4', '--no-arbitration', '--input', input, '--output', output, '--no-progress'];
  return { dir, input, output, arrivals, args };
}

/** Wait until `n` requests arrived and the last one is `quietMs` old (mid-latency: nothing is about to be answered). */
async function midWave(arrivals: number[], n: number, quietMs: number): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (arrivals.length >= n && Date.now() - arrivals.at(-1)! >= quietMs) return;
    await sleep(10);
  }
  throw new Error('the mock never got the requests');
}

describe('label: Ctrl-C against a slow endpoint', () => {
  it('first SIGINT: no new request, in-flight answers written, exit 130 within 2 s of the last answer; resume completes without duplicates', async () => {
    const { dir, input, output, arrivals, args } = await setup();
    const { child, done } = startCli(args, { fullEnv: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
    // 4 requests in flight, 16 samples admitted: waves 1-4 are their call 1s, 5-6 the call 2s of the first 8, so some
    // samples are complete and written when wave 7 is in flight.
    await midWave(arrivals, 25, 150);
    const signalAt = Date.now();
    const sentBefore = arrivals.length;
    child.kill('SIGINT');
    const first = await done;
    const exitedAt = Date.now();
    expect(first.code).toBe(130);
    // No request started after the signal.
    expect(arrivals.filter((t) => t > signalAt)).toEqual([]);
    expect(arrivals.length).toBe(sentBefore);
    // The last in-flight request was answered about LATENCY after it arrived; the command returned soon after.
    const lastAnswer = Math.max(...arrivals) + LATENCY;
    expect(exitedAt - lastAnswer).toBeLessThan(2000);
    expect(exitedAt).toBeGreaterThanOrEqual(lastAnswer - 100); // it did wait for the answers in flight
    expect(first.stderr).toMatch(/resume with: sft-label label /);
    expect(first.stderr).not.toMatch(/--fresh/);
    const written = lines(output);
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(N);
    // Every record written is labeled: a sample whose call 2 was not sent is left for the resume, not failed.
    expect(written.every((r) => r.labels !== null)).toBe(true);
    const stats1 = LabelStatsSchema.parse(JSON.parse(readFileSync(join(dir, 'stats_i.json'), 'utf8')));
    expect(stats1).toMatchObject({ complete: false, failed: 0, labeled: written.length });

    // The printed command resumes.
    const resume = /resume with: sft-label (.*)/.exec(first.stderr)![1]!.split(' ');
    expect(resume).toEqual(args);
    const before = arrivals.length;
    const second = await runCli(resume, { fullEnv: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
    expect(second.code).toBe(0);
    const ids = lines(output).map((r) => recordId(r));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(lines(input).map((r) => recordId(r)));
    // Two requests per sample labeled by the resume, none for the samples written before.
    expect(arrivals.length - before).toBe(2 * (N - written.length));
    expect(LabelStatsSchema.parse(JSON.parse(readFileSync(join(dir, 'stats_i.json'), 'utf8')))).toMatchObject({ complete: true, labeled: N, failed: 0, resumed: written.length });
  });

  it('a second SIGINT cancels the requests in flight: exit 130 well before they would be answered', async () => {
    const { output, arrivals, args } = await setup();
    const { child, done } = startCli(args, { fullEnv: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
    await midWave(arrivals, 4, 100);
    const lastArrival = Math.max(...arrivals);
    child.kill('SIGINT');
    await sleep(100);
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(Date.now()).toBeLessThan(lastArrival + LATENCY);
    // Cancelled samples are not written as failed: the resume labels them.
    if (existsSync(output)) expect(lines(output).every((x) => x.labels !== null)).toBe(true);
  });
});
