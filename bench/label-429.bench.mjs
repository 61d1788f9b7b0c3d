// Benchmark: `sft-label label` against an endpoint that serves at most 10 requests at once (429 beyond) while the
// client allows 50 (`--concurrency 50`). The adaptive limiter (src/llm/limiter-state.ts) has to find the endpoint's
// capacity: every sample labeled, none failed, labeling time compared with the ideal for 10 in flight
// (requests x latency / 10) and with the same run at `--concurrency 10` (no 429s), which calibrates the machine; the
// share of requests answered 429. Twice: 429s with Retry-After, and 429s without any (LiteLLM's proxy), issue 18.
// 108 gold samples, two calls each (confidence pinned high: no arbitration), 500 ms per request.
// Usage: npm run build && node bench/label-429.bench.mjs [--latency 500] [--retry-after-ms 1000]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchArg, runCliMeasured } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const latencyMs = Number(benchArg('latency', '500'));
const retryAfterMs = Number(benchArg('retry-after-ms', '1000'));
const SERVER_MAX = 10;
const CLIENT = 50;
const TARGET_RATIO = 1.1;
const TARGET_429_SHARE = 0.1;
const input = join(root, 'gold', 'v1', 'samples.jsonl');

const { startMockServer } = await import(pathToFileURL(join(root, 'dist/mock/index.js')).href);
const dir = mkdtempSync(join(tmpdir(), 'sft-bench-label-429-'));

async function measure(concurrency, retryAfter = { ms: retryAfterMs }) {
  const mock = await startMockServer({ latencyMs, confidence: 0.95, maxConcurrent: SERVER_MAX, retryAfter });
  try {
    const output = join(dir, `labeled_c${concurrency}${retryAfter.none ? '_none' : ''}.jsonl`);
    const args = ['label', '--model', 'deepseek-v3.2', '--input', input, '--output', output, '--cache', 'off', '--concurrency', String(concurrency), '--no-progress'];
    const env = { PATH: process.env.PATH ?? '', SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: 'bench-key-0000' };
    const { code, stderr } = await runCliMeasured(args, { env });
    if (code !== 0) throw new Error(`sft-label label exited with ${code}: ${stderr}`);
    const stats = JSON.parse(readFileSync(join(dir, `stats_c${concurrency}${retryAfter.none ? '_none' : ''}.json`), 'utf8'));
    return { stats, stderr: stderr.trim(), rateLimited: mock.stats.byStatus['429'] ?? 0, requests: mock.stats.requests, maxInFlight: mock.stats.maxInFlight };
  } finally {
    await mock.close();
  }
}

/** Rows and printed lines for one run at --concurrency CLIENT, against the calibration. */
function report(name, m, calibrate) {
  const calls = m.stats.calls.total;
  const idealS = (calls * latencyMs) / 1000 / SERVER_MAX;
  const ratio = m.stats.elapsed_s / idealS;
  const vsCalibrate = m.stats.elapsed_s / calibrate.stats.elapsed_s;
  const share = m.rateLimited / m.requests;
  console.log(`${name}: --concurrency ${CLIENT} against a server taking ${SERVER_MAX} at once: ${m.stats.elapsed_s.toFixed(2)} s, ${m.rateLimited} x 429 over ${m.requests} requests (${(share * 100).toFixed(1)}%), server max in flight ${m.maxInFlight}`);
  if (m.stderr) console.log(m.stderr);
  console.log(`records: ${m.stats.records_in} in, ${m.stats.labeled} labeled, ${m.stats.failed} failed; ${calls} calls at ${latencyMs} ms`);
  console.log(`ideal: ${calls} x ${latencyMs} ms / ${SERVER_MAX} = ${idealS.toFixed(2)} s; ratio ${ratio.toFixed(3)} (target <= ${TARGET_RATIO}); vs calibration ${vsCalibrate.toFixed(3)}`);
  const allLabeled = m.stats.labeled === m.stats.records_in && m.stats.failed === 0;
  const rows = [
    { metric: `labeling time / ideal (server max ${SERVER_MAX}, --concurrency ${CLIENT}, ${latencyMs} ms, ${name})`, value: Math.round(ratio * 1000) / 1000, target: `<= ${TARGET_RATIO}`, ratio: ratio / TARGET_RATIO, pass: ratio <= TARGET_RATIO },
    { metric: `labeling time / same run at --concurrency ${SERVER_MAX} (${name})`, value: Math.round(vsCalibrate * 1000) / 1000, target: `<= ${TARGET_RATIO}`, ratio: vsCalibrate / TARGET_RATIO, pass: vsCalibrate <= TARGET_RATIO },
    { metric: `share of requests answered 429 (${name})`, value: Math.round(share * 1000) / 1000, target: `<= ${TARGET_429_SHARE}`, ratio: share / TARGET_429_SHARE, pass: share <= TARGET_429_SHARE },
    { metric: `samples labeled, none failed (${name})`, value: m.stats.labeled, target: `= ${m.stats.records_in}`, ratio: 1, pass: allLabeled },
  ];
  return { rows, allLabeled };
}

try {
  const calibrate = await measure(SERVER_MAX);
  console.log(`--concurrency ${SERVER_MAX} (calibration, no 429s expected): ${calibrate.stats.elapsed_s.toFixed(2)} s, ${calibrate.rateLimited} x 429`);
  const withHeader = report(`Retry-After ${retryAfterMs} ms`, await measure(CLIENT), calibrate);
  const without = report('no Retry-After', await measure(CLIENT, { none: true }), calibrate);
  const result = { bench: 'label-429', rows: [...withHeader.rows, ...without.rows] };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
  if (!withHeader.allLabeled || !without.allLabeled) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
