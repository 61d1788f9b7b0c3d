// Benchmark: re-running a fully cached experiment, 108 gold samples x 4 configurations (2 models x 2 prompt
// versions), through the built CLI. The first run fills a fresh cache from the mock (not timed against a target);
// then `sft-label run --fresh` labels every sample again from the cache: 0 HTTP requests, target < 3 s wall time
// including node start-up. Also shown: the same with metrics.json deleted first (every bootstrap computed again),
// and a plain re-run that resumes (nothing left to label).
// Usage: npm run build && node bench/runner-cached.bench.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_S = 3;

const { startMockServer } = await import(pathToFileURL(join(root, 'dist/mock/index.js')).href);
const mock = await startMockServer({ latencyMs: [1, 3], confidence: 0.95 });
const dir = mkdtempSync(join(tmpdir(), 'sft-bench-cached-'));
const env = { PATH: process.env.PATH ?? '', SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: 'bench-key-0000', SFT_LABEL_CACHE_DIR: join(dir, 'cache') };

/** Run the CLI (async: the mock answers from this process) and time it. */
function run(args) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(root, 'bin/sft-label.js'), ...args], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      const s = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`sft-label ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve(s);
    }),
  );
}

try {
  const file = join(dir, 'cached.yaml');
  writeFileSync(
    file,
    `name: cached\ngold: ${join(root, 'gold', 'v1')}\nmatrix:\n  models: [deepseek-v3.2, claude-sonnet-4.6]\n  prompts: [v1, v2]\noptions:\n  concurrency: 16\n`,
  );
  const args = ['run', file, '--no-progress'];
  const fillS = await run(args);
  const filled = mock.stats.requests;
  const metricsPath = join(dir, 'reports', 'cached', 'metrics.json');
  const metrics = readFileSync(metricsPath, 'utf8');

  const freshS = await run([...args, '--fresh']);
  const same = readFileSync(metricsPath, 'utf8') === metrics;
  rmSync(metricsPath);
  const rescoreS = await run([...args, '--fresh']);
  const sameRescored = readFileSync(metricsPath, 'utf8') === metrics;
  const resumeS = await run(args);
  const sent = mock.stats.requests - filled;
  const run_ = JSON.parse(readFileSync(join(dir, 'reports', 'cached', 'run.json'), 'utf8'));
  const samples = Object.values(run_.configs).reduce((s, c) => s + c.samples, 0);

  console.log(`fill: ${filled} requests to the mock for ${samples} samples in ${fillS.toFixed(1)}s`);
  console.log(`re-run --fresh from cache: ${freshS.toFixed(2)}s (metrics.json reused: same inputs hash) — target < ${TARGET_S}s`);
  console.log('  (most of it is per-sample pipeline CPU on cache hits: prompt token counting in fitConversation and cache-key hashing)');
  console.log(`re-run --fresh, metrics.json deleted (scored again): ${rescoreS.toFixed(2)}s`);
  console.log(`re-run resuming (nothing left to label): ${resumeS.toFixed(2)}s`);
  console.log(`HTTP requests during the re-runs: ${sent}; metrics.json identical: ${same && sameRescored}`);
  const result = {
    bench: 'runner-cached',
    rows: [
      { metric: `re-run (same command: resumes, nothing to label), ${samples} samples (s)`, value: Math.round(resumeS * 100) / 100, target: `< ${TARGET_S}`, ratio: resumeS / TARGET_S, pass: resumeS < TARGET_S },
      { metric: `re-run --fresh (all ${samples} labeled again from the cache) (s)`, value: Math.round(freshS * 100) / 100, target: `< ${TARGET_S}`, ratio: freshS / TARGET_S, pass: freshS < TARGET_S && sent === 0 },
      { metric: 're-run --fresh with metrics.json scored again (s, informational)', value: Math.round(rescoreS * 100) / 100, target: 'reported', ratio: rescoreS / TARGET_S, pass: true },
      { metric: 'HTTP requests in re-runs', value: sent, target: '= 0', ratio: sent === 0 ? 1 : 2, pass: sent === 0 },
      { metric: 'metrics.json identical', value: same && sameRescored ? 1 : 0, target: '= 1', ratio: 1, pass: same && sameRescored },
    ],
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
  if (sent !== 0 || !same || !sameRescored) process.exitCode = 1;
} finally {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
}
