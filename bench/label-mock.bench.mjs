// Benchmark (issue 9): 100,000 samples through `sft-label label` against the mock OpenAI-compatible server at
// 200 ms latency and concurrency 100. Two calls per sample (confidence pinned high: no arbitration), so the ideal
// time is samples x 2 x 0.2 s / 100. Targets: within 1.15x of ideal, peak RSS < 400 MB. BENCH_N=<n> scales the
// sample count down (printed). The mock runs in this process; sft-label runs as a child process.
import { runCliMeasured } from './measure.mjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeSyntheticJsonl } from './synth.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FULL_N = 100_000;
const n = Number(process.env.BENCH_N ?? FULL_N);
const LATENCY_MS = 200;
const CONCURRENCY = 100;
const TARGET_RATIO = 1.15;
const TARGET_RSS_MB = 400;

const { startMockServer } = await import(pathToFileURL(join(root, 'dist/mock/index.js')).href);
const mock = await startMockServer({ latencyMs: LATENCY_MS, confidence: 0.95, maxSeen: 0 });
const dir = mkdtempSync(join(tmpdir(), 'sft-bench-label-mock-'));
try {
  const input = join(dir, 'input.jsonl');
  await writeSyntheticJsonl(input, n, 12);
  if (n !== FULL_N) console.log(`scaled down: ${n} samples instead of ${FULL_N} (BENCH_N)`);
  const args = ['label', '--model', 'mock-model', '--base-url', mock.url, '--cache', 'off', '--concurrency', String(CONCURRENCY), '--input', input, '--output', join(dir, 'labeled_m.jsonl'), '--no-progress'];
  // Other processes on the machine skew time ratios (not RSS): say how busy it was.
  const load0 = loadavg()[0];
  // BENCH_NODE_OPTIONS (e.g. --max-old-space-size=192) is an experiment knob for the heap-size question; off by default.
  if (process.env.BENCH_NODE_OPTIONS) console.log(`child NODE_OPTIONS: ${process.env.BENCH_NODE_OPTIONS}`);
  const env = { PATH: process.env.PATH ?? '', ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}) };
  const { code, stderr, wallS, hwmKb } = await runCliMeasured(args, { env, pollMs: 200 });
  if (code !== 0) throw new Error(`sft-label label exited with ${code}: ${stderr}`);
  const stats = JSON.parse(readFileSync(join(dir, 'stats_m.json'), 'utf8'));
  const idealS = (n * 2 * LATENCY_MS) / 1000 / CONCURRENCY;
  const ratio = wallS / idealS;
  const rssMb = Math.max(stats.peak_rss_mb, hwmKb / 1024);
  console.log(stderr.trim());
  console.log(`machine load average (1 min): ${load0.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end`);
  console.log(`mock: ${mock.stats.requests} chat requests, max in flight ${mock.stats.maxInFlight}`);
  console.log(`records: ${stats.records_in} in, ${stats.labeled} labeled, ${stats.failed} failed; ${stats.calls.total} calls`);
  console.log(`time: ${wallS.toFixed(1)}s wall (process start to exit; labeling loop ${stats.elapsed_s.toFixed(1)}s); ideal ${idealS.toFixed(1)}s = ${n} x 2 x ${LATENCY_MS} ms / ${CONCURRENCY}; ratio ${ratio.toFixed(3)} (target <= ${TARGET_RATIO})`);
  console.log(`peak RSS: ${rssMb.toFixed(1)} MB (target < ${TARGET_RSS_MB} MB; ratio ${(rssMb / TARGET_RSS_MB).toFixed(2)} of budget)`);
  const result = {
    bench: `label-mock${n !== FULL_N ? ` (scaled: N=${n})` : ''}`,
    records: n,
    rows: [
      { metric: `wall / ideal (${LATENCY_MS} ms, c=${CONCURRENCY})`, value: Math.round(ratio * 1000) / 1000, target: `<= ${TARGET_RATIO}`, ratio: ratio / TARGET_RATIO, pass: ratio <= TARGET_RATIO && stats.labeled === n },
      { metric: 'peak RSS MB', value: Math.round(rssMb * 10) / 10, target: `< ${TARGET_RSS_MB}`, ratio: rssMb / TARGET_RSS_MB, pass: rssMb < TARGET_RSS_MB },
    ],
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
} finally {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
}
