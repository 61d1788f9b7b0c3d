// Benchmark: `sft-label label --model rules` on a generated JSONL (default 100,000 records; --records N).
// Runs the built CLI as a child process, measures records/s and peak RSS (VmHWM polled from /proc, and the
// maxRSS the CLI reports in its stats), and prints them against the targets with ratios.
// Usage: npm run build && node bench/rules.bench.mjs [--records 100000]
import { runCliMeasured } from './measure.mjs';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticJsonl } from './synth.mjs';

const argIdx = process.argv.indexOf('--records');
const records = argIdx > 0 ? Number(process.argv[argIdx + 1]) : 100_000;
const TARGET_RATE = 2000;
const TARGET_RSS_MB = 300;

const dir = mkdtempSync(join(tmpdir(), 'sft-bench-'));
try {
  const input = join(dir, 'input.jsonl');
  const output = join(dir, 'labeled_bench.jsonl');
  const t0 = Date.now();
  await writeSyntheticJsonl(input, records, 1);
  console.log(`generated ${records} records (${(statSync(input).size / 1e6).toFixed(1)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)}s`);

  const { code, stderr, wallS, hwmKb: vmHwmKb } = await runCliMeasured(['label', '--model', 'rules', '--input', input, '--output', output, '--no-progress'], { pollMs: 50 });
  if (code !== 0) {
    console.error(stderr);
    throw new Error(`sft-label label exited with ${code}`);
  }
  const stats = JSON.parse(readFileSync(join(dir, 'stats_bench.json'), 'utf8'));
  const rate = stats.records_in / wallS;
  const rssMb = Math.max(stats.peak_rss_mb, vmHwmKb / 1024);
  console.log(stderr.trim());
  console.log(`records: ${stats.records_in} in, ${stats.labeled} labeled, ${stats.failed} failed`);
  console.log(`wall time (process start to exit): ${wallS.toFixed(2)}s; labeling loop: ${stats.elapsed_s.toFixed(2)}s`);
  console.log(`throughput: ${rate.toFixed(0)} records/s (target >= ${TARGET_RATE}; ratio ${(rate / TARGET_RATE).toFixed(2)}x)`);
  console.log(`peak RSS: ${rssMb.toFixed(1)} MB (target < ${TARGET_RSS_MB} MB; ratio ${(rssMb / TARGET_RSS_MB).toFixed(2)} of budget)`);
  const result = {
    bench: 'rules',
    records,
    rows: [
      { metric: 'records/s (wall)', value: Math.round(rate), target: `>= ${TARGET_RATE}`, ratio: rate / TARGET_RATE, pass: rate >= TARGET_RATE },
      { metric: 'peak RSS MB', value: Math.round(rssMb * 10) / 10, target: `< ${TARGET_RSS_MB}`, ratio: rssMb / TARGET_RSS_MB, pass: rssMb < TARGET_RSS_MB },
    ],
  };
  // One machine-readable line for bench/run-all.mjs.
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
