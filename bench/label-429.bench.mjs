// Benchmark: `sft-label label` against an endpoint that serves at most 10 requests at once (429 with Retry-After
// beyond) while the client allows 50 (`--concurrency 50`). The adaptive limiter (src/llm/adaptive.ts) has to find the
// endpoint's capacity: every sample labeled, none failed, labeling time compared with the ideal for 10 in flight
// (requests x latency / 10) and with the same run at `--concurrency 10` (no 429s), which calibrates the machine.
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
const TARGET_RATIO = 1.5;
const input = join(root, 'gold', 'v1', 'samples.jsonl');

const { startMockServer } = await import(pathToFileURL(join(root, 'dist/mock/index.js')).href);
const dir = mkdtempSync(join(tmpdir(), 'sft-bench-label-429-'));

async function measure(concurrency) {
  const mock = await startMockServer({ latencyMs, confidence: 0.95, maxConcurrent: SERVER_MAX, retryAfter: { ms: retryAfterMs } });
  try {
    const output = join(dir, `labeled_c${concurrency}.jsonl`);
    const args = ['label', '--model', 'deepseek-v3.2', '--input', input, '--output', output, '--cache', 'off', '--concurrency', String(concurrency), '--no-progress'];
    const env = { PATH: process.env.PATH ?? '', SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: 'bench-key-0000' };
    const { code, stderr } = await runCliMeasured(args, { env });
    if (code !== 0) throw new Error(`sft-label label exited with ${code}: ${stderr}`);
    const stats = JSON.parse(readFileSync(join(dir, `stats_c${concurrency}.json`), 'utf8'));
    return { stats, stderr: stderr.trim(), rateLimited: mock.stats.byStatus['429'] ?? 0, requests: mock.stats.requests };
  } finally {
    await mock.close();
  }
}

try {
  const calibrate = await measure(SERVER_MAX);
  const m = await measure(CLIENT);
  const calls = m.stats.calls.total;
  const idealS = (calls * latencyMs) / 1000 / SERVER_MAX;
  const ratio = m.stats.elapsed_s / idealS;
  const vsCalibrate = m.stats.elapsed_s / calibrate.stats.elapsed_s;
  console.log(`--concurrency ${SERVER_MAX} (calibration, no 429s expected): ${calibrate.stats.elapsed_s.toFixed(2)} s, ${calibrate.rateLimited} x 429`);
  console.log(`--concurrency ${CLIENT} against a server taking ${SERVER_MAX} at once: ${m.stats.elapsed_s.toFixed(2)} s, ${m.rateLimited} x 429 over ${m.requests} requests`);
  console.log(m.stderr);
  console.log(`records: ${m.stats.records_in} in, ${m.stats.labeled} labeled, ${m.stats.failed} failed; ${calls} calls at ${latencyMs} ms`);
  console.log(`ideal: ${calls} x ${latencyMs} ms / ${SERVER_MAX} = ${idealS.toFixed(2)} s; ratio ${ratio.toFixed(3)} (target <= ${TARGET_RATIO}); vs calibration ${vsCalibrate.toFixed(3)}`);
  const allLabeled = m.stats.labeled === m.stats.records_in && m.stats.failed === 0;
  const result = {
    bench: 'label-429',
    rows: [
      { metric: `labeling time / ideal (server max ${SERVER_MAX}, --concurrency ${CLIENT}, ${latencyMs} ms)`, value: Math.round(ratio * 1000) / 1000, target: `<= ${TARGET_RATIO}`, ratio: ratio / TARGET_RATIO, pass: ratio <= TARGET_RATIO },
      { metric: `labeling time / same run at --concurrency ${SERVER_MAX}`, value: Math.round(vsCalibrate * 1000) / 1000, target: `<= ${TARGET_RATIO}`, ratio: vsCalibrate / TARGET_RATIO, pass: vsCalibrate <= TARGET_RATIO },
      { metric: 'samples labeled, none failed', value: m.stats.labeled, target: `= ${m.stats.records_in}`, ratio: 1, pass: allLabeled },
      { metric: '429 answers (informational)', value: m.rateLimited, target: 'reported', ratio: 1, pass: true },
    ],
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
  if (!allLabeled) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
