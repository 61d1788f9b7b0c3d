// Benchmark: `sft-label label` with an LLM model against the mock OpenAI-compatible server (fixed latency), to see
// how close the run gets to the ideal time (calls x latency / concurrency) and its peak RSS.
// Usage: npm run build && node bench/mock.bench.mjs [--records 5000] [--latency 200] [--concurrency 100]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeSyntheticJsonl } from './synth.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const records = arg('records', 5000);
const latencyMs = arg('latency', 200);
const concurrency = arg('concurrency', 100);
const TARGET_RATIO = 1.15;
const TARGET_RSS_MB = 400;

const { startMockServer } = await import(pathToFileURL(join(root, 'dist/mock/index.js')).href);
// High confidence everywhere: no arbitration, so every sample is exactly two calls.
const mock = await startMockServer({ latencyMs, confidence: 0.95 });
const dir = mkdtempSync(join(tmpdir(), 'sft-bench-mock-'));
try {
  const input = join(dir, 'input.jsonl');
  await writeSyntheticJsonl(input, records, 2);
  const args = ['label', '--model', 'mock-model', '--base-url', mock.url, '--cache', 'off', '--concurrency', String(concurrency), '--input', input, '--output', join(dir, 'labeled_mock.jsonl'), '--no-progress'];
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(root, 'bin/sft-label.js'), ...args], { stdio: ['ignore', 'inherit', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let vmHwmKb = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) vmHwmKb = Math.max(vmHwmKb, Number(m[1]));
    } catch {
      /* gone */
    }
  }, 100);
  const code = await new Promise((res) => child.on('close', res));
  clearInterval(poll);
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  if (code !== 0) throw new Error(`sft-label label exited with ${code}: ${stderr}`);
  const stats = JSON.parse(readFileSync(join(dir, 'stats_mock.json'), 'utf8'));
  console.log(`mock: ${mock.stats.requests} requests, max in flight ${mock.stats.maxInFlight}`);
  const idealS = (stats.calls.total * latencyMs) / 1000 / concurrency;
  const ratio = stats.elapsed_s / idealS;
  const rssMb = Math.max(stats.peak_rss_mb, vmHwmKb / 1024);
  console.log(stderr.trim());
  console.log(`records: ${stats.records_in} in, ${stats.labeled} labeled, ${stats.failed} failed; ${stats.calls.total} calls at ${latencyMs} ms, concurrency ${concurrency}`);
  console.log(`labeling time: ${stats.elapsed_s.toFixed(1)}s (wall ${wallS.toFixed(1)}s); ideal ${idealS.toFixed(1)}s; ratio ${ratio.toFixed(3)} (target <= ${TARGET_RATIO})`);
  console.log(`peak RSS: ${rssMb.toFixed(1)} MB (target < ${TARGET_RSS_MB} MB; ratio ${(rssMb / TARGET_RSS_MB).toFixed(2)} of budget)`);
  const result = {
    bench: 'mock-llm',
    records,
    rows: [
      { metric: `time / ideal (${latencyMs} ms, c=${concurrency})`, value: Math.round(ratio * 1000) / 1000, target: `<= ${TARGET_RATIO}`, ratio: ratio / TARGET_RATIO, pass: ratio <= TARGET_RATIO },
      { metric: 'peak RSS MB', value: Math.round(rssMb * 10) / 10, target: `< ${TARGET_RSS_MB}`, ratio: rssMb / TARGET_RSS_MB, pass: rssMb < TARGET_RSS_MB },
    ],
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
} finally {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
}
