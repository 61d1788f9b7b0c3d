// Benchmark: the experiment runner against an endpoint that serves at most 10 requests at once (429 beyond) while
// the client asks for 50. The adaptive limiter has to find the endpoint's capacity: every sample labeled, labeling
// time compared with the ideal for 10 in flight (requests x latency / 10), share of requests answered 429; with
// Retry-After on the 429s and without (LiteLLM's proxy). Latency 500 ms by default (real labeling calls take
// seconds); a run asking for exactly 10 calibrates the machine.
// Usage: npm run build && node bench/runner-429.bench.mjs [--latency 500] [--retry-after-ms 1000] [--limit 108]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchArg } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const latencyMs = Number(benchArg('latency', '500'));
const retryAfterMs = Number(benchArg('retry-after-ms', '1000'));
const limit = Number(benchArg('limit', '108'));
const SERVER_MAX = 10;
const CLIENT_CONCURRENCY = Number(benchArg("client", "50"));
const TARGET_RATIO = 1.1;
const TARGET_429_SHARE = 0.1;

const { startMockServer } = await import(pathToFileURL(join(root, 'dist/mock/index.js')).href);
const { runExperiment } = await import(pathToFileURL(join(root, 'dist/runner/index.js')).href);
const dir = mkdtempSync(join(tmpdir(), 'sft-bench-429-'));

/** One run against a fresh mock capped at SERVER_MAX; labeling time (scoring excluded) and request counts. */
async function measure(clientConcurrency, retryAfter = { ms: retryAfterMs }) {
  // High confidence: no arbitration, so every sample is exactly two calls (call 1, then call 2).
  const mock = await startMockServer({ latencyMs, confidence: 0.95, maxConcurrent: SERVER_MAX, retryAfter });
  const tag = `c${clientConcurrency}${retryAfter.none ? '-none' : ''}`;
  try {
    const file = join(dir, `bench-429-${tag}.yaml`);
    writeFileSync(
      file,
      `name: bench-429\ngold: ${join(root, 'gold', 'v1')}\nmatrix:\n  models: [deepseek-v3.2]\n  prompts: [v1, v2]\n` +
        `options:\n  limit: ${limit}\n  concurrency: ${clientConcurrency}\n`,
    );
    const result = await runExperiment({
      experimentFile: file,
      env: { SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: 'bench-key-0000' },
      cacheMode: 'off',
      outDir: join(dir, `out-${tag}`),
      cwd: dir,
    });
    const configs = Object.values(result.run.configs);
    const sum = (f) => configs.reduce((s, c) => s + f(c), 0);
    return {
      labeled: sum((c) => c.labeled),
      expected: sum((c) => c.samples),
      http: sum((c) => c.http_requests),
      rateLimited: sum((c) => c.rate_limited),
      // Until the last configuration's last sample.
      labelS: Math.max(...configs.map((c) => c.elapsed_ms)) / 1000,
      finalLimit: Object.values(result.run.endpoints)[0]?.limit ?? 0,
      maxInFlight: mock.stats.maxInFlight,
      byStatus: mock.stats.byStatus,
    };
  } finally {
    await mock.close();
  }
}

/** Printed lines and rows for one run at CLIENT_CONCURRENCY, against the calibration. */
function report(name, m, cal) {
  const answered = m.http - m.rateLimited;
  const idealS = (answered * latencyMs) / 1000 / SERVER_MAX;
  const ratio = m.labelS / idealS;
  const vsCal = m.labelS / cal.labelS;
  const share = m.http ? m.rateLimited / m.http : 0;
  const allLabeled = m.labeled === m.expected;
  console.log(`${name}: mock max ${SERVER_MAX} at once, latency ${latencyMs} ms; client concurrency ${CLIENT_CONCURRENCY}`);
  console.log(`  mock saw ${m.http} requests, max in flight ${m.maxInFlight}, by status ${JSON.stringify(m.byStatus)}`);
  console.log(`  samples: ${m.labeled}/${m.expected} labeled; ${m.http} HTTP requests, ${m.rateLimited} answered 429 (${(share * 100).toFixed(1)}%); final limiter limit ${m.finalLimit}`);
  console.log(`  labeling time ${m.labelS.toFixed(2)}s; ideal for ${SERVER_MAX} in flight ${idealS.toFixed(2)}s; ratio ${ratio.toFixed(3)} (target <= ${TARGET_RATIO}); ${vsCal.toFixed(3)} x calibration`);
  const rows = [
    { metric: `labeling time / ideal (server max ${SERVER_MAX}, client ${CLIENT_CONCURRENCY}, ${latencyMs} ms, ${name})`, value: Math.round(ratio * 1000) / 1000, target: `<= ${TARGET_RATIO}`, ratio: ratio / TARGET_RATIO, pass: ratio <= TARGET_RATIO && allLabeled },
    { metric: `labeling time / same run without 429s (client 10, ${name})`, value: Math.round(vsCal * 1000) / 1000, target: `<= ${TARGET_RATIO}`, ratio: vsCal / TARGET_RATIO, pass: vsCal <= TARGET_RATIO },
    { metric: `share of requests answered 429 (${name})`, value: Math.round(share * 1000) / 1000, target: `<= ${TARGET_429_SHARE}`, ratio: share / TARGET_429_SHARE, pass: share <= TARGET_429_SHARE },
    { metric: `samples labeled (${name})`, value: m.labeled, target: `= ${m.expected}`, ratio: m.expected ? m.labeled / m.expected : 1, pass: allLabeled },
  ];
  return { rows, allLabeled };
}

try {
  // Calibration: the same work with the client asking for exactly what the server allows (no 429 at all) shows
  // what this machine achieves at best; the first ratio of each run is against the theoretical ideal.
  const cal = await measure(SERVER_MAX);
  console.log(`calibration (client ${SERVER_MAX}, no 429): ${cal.labelS.toFixed(2)}s`);
  const withHeader = report(`Retry-After ${retryAfterMs} ms`, await measure(CLIENT_CONCURRENCY), cal);
  const without = report('no Retry-After', await measure(CLIENT_CONCURRENCY, { none: true }), cal);
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'runner-429', rows: [...withHeader.rows, ...without.rows] })}`);
  if (!withHeader.allLabeled || !without.allLabeled) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
