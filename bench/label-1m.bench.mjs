// Benchmark (issue 9): 1,000,000 generated records through `sft-label label --model rules`, JSONL -> JSONL, streamed.
// Measures peak RSS (VmHWM polled from /proc, and the maxRSS in the run's stats) against the 300 MB target, and
// records/s. BENCH_N=<n> scales it down for a quick run (the output says so). Needs the build (npm run bench does it).
import { runCliMeasured } from './measure.mjs';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticJsonl } from './synth.mjs';

const FULL_N = 1_000_000;
const n = Number(process.env.BENCH_N ?? FULL_N);
const TARGET_RSS_MB = 300;

const dir = mkdtempSync(join(tmpdir(), 'sft-bench-1m-'));
try {
  const input = join(dir, 'input.jsonl');
  const output = join(dir, 'labeled_1m.jsonl');
  const t0 = Date.now();
  await writeSyntheticJsonl(input, n, 11);
  console.log(`generated ${n} records (${(statSync(input).size / 1e6).toFixed(0)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)}s${n !== FULL_N ? ` — scaled down from ${FULL_N} by BENCH_N` : ''}`);
  // Other processes on the machine skew time ratios (not RSS): say how busy it was.
  const load0 = loadavg()[0];
  const { code, stderr, wallS, hwmKb } = await runCliMeasured(['label', '--model', 'rules', '--input', input, '--output', output, '--no-progress']);
  if (code !== 0) throw new Error(`sft-label label exited with ${code}: ${stderr}`);
  const stats = JSON.parse(readFileSync(join(dir, 'stats_1m.json'), 'utf8'));
  const rssMb = Math.max(stats.peak_rss_mb, hwmKb / 1024);
  const rate = stats.records_in / wallS;
  console.log(stderr.trim());
  console.log(`machine load average (1 min): ${load0.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end`);
  console.log(`records: ${stats.records_in} in, ${stats.labeled} labeled, ${stats.failed} failed; output ${(statSync(output).size / 1e6).toFixed(0)} MB`);
  console.log(`throughput: ${rate.toFixed(0)} records/s over ${wallS.toFixed(1)}s wall (labeling loop ${stats.elapsed_s.toFixed(1)}s)`);
  console.log(`peak RSS: ${rssMb.toFixed(1)} MB (target < ${TARGET_RSS_MB} MB; ratio ${(rssMb / TARGET_RSS_MB).toFixed(2)} of budget)`);
  const result = {
    bench: `label-1m${n !== FULL_N ? ` (scaled: N=${n})` : ''}`,
    records: n,
    rows: [
      { metric: 'peak RSS MB (rules, JSONL->JSONL)', value: Math.round(rssMb * 10) / 10, target: `< ${TARGET_RSS_MB}`, ratio: rssMb / TARGET_RSS_MB, pass: rssMb < TARGET_RSS_MB },
      { metric: 'records/s (wall)', value: Math.round(rate), target: 'report', ratio: 1, pass: stats.records_in === n },
    ],
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
