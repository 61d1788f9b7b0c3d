// Benchmark (issue 18): 3 processes `label --shard K/3 --shared-limit` sharing one redis-server, against an endpoint
// that takes 10 requests at once (429 beyond), each process allowed 50 (with --shared-limit, the budget of all three
// together). Measured: how long the three together were over the endpoint's cap (mock overCapMs) and by how much,
// the share of requests answered 429, labeling time against the ideal for 10 in flight, and the merged output
// against a single-process run (same ids, no duplicates). Once with Retry-After on the 429s, once without, and for
// contrast the same shards without --shared-limit (each its own limiter). Needs redis-server on PATH.
// Usage: npm run build && node bench/shards-429.bench.mjs [--latency 500] [--samples 108] [--retry-after-ms 1000]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchArg } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const latencyMs = Number(benchArg('latency', '500'));
const samples = Number(benchArg('samples', '108'));
const retryAfterMs = Number(benchArg('retry-after-ms', '1000'));
const SERVER_MAX = 10;
const SHARDS = 3;
const CLIENT = 50;
const TARGET_429_SHARE = 0.1;
const TARGET_OVER_CAP_SHARE = 0.02;

const { startMockServer } = await import(pathToFileURL(join(root, 'dist/mock/index.js')).href);
const dir = mkdtempSync(join(tmpdir(), 'sft-bench-shards-'));
const input = join(dir, 'input.jsonl');
writeFileSync(input, `${readFileSync(join(root, 'gold', 'v1', 'samples.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, samples).join('\n')}\n`);

function freePort() {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  const bin = ['/usr/bin/redis-server', ...(process.env.PATH ?? '').split(':').map((d) => join(d, 'redis-server'))].find((p) => existsSync(p));
  if (!bin) throw new Error('redis-server not found');
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((resolve, reject) => {
    let log = '';
    child.stdout.on('data', (d) => ((log += d), log.includes('Ready to accept') && resolve()));
    child.once('exit', () => reject(new Error(`redis-server exited: ${log}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

function cli(args, env) {
  const child = spawn(process.execPath, [join(root, 'bin', 'sft-label.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '', ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

const ids = (file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).id);

/** The three shards against one capped mock; merge; returns what the mock saw and the merged ids. */
async function shards(name, { shared, retryAfter, redisUrl }) {
  // Start times of the requests the server took (the script runs after the cap check): the span from the first to
  // the last answer is the labeling time of the three together, without the processes' start and exit.
  const served = [];
  const script = () => void served.push(performance.now());
  const mock = await startMockServer({ latencyMs, confidence: 0.95, maxConcurrent: SERVER_MAX, retryAfter, script });
  try {
    const outputs = Array.from({ length: SHARDS }, (_, i) => join(dir, `${name}.${i + 1}.jsonl`));
    const t0 = performance.now();
    const runs = await Promise.all(
      outputs.map((output, i) =>
        cli(['label', '--model', 'deepseek-v3.2', '--input', input, '--output', output, '--cache', 'off', '--concurrency', String(CLIENT), '--no-progress', '--shard', `${i + 1}/${SHARDS}`, ...(shared ? ['--shared-limit'] : [])], {
          SFT_LABEL_BASE_URL: mock.url,
          SFT_LABEL_API_KEY: 'bench-key-0000',
          SFT_LABEL_LIMIT_URL: redisUrl,
        }),
      ),
    );
    const wallS = (performance.now() - t0) / 1000;
    for (const r of runs) if (r.code !== 0) throw new Error(`shard exited ${r.code}: ${r.stderr}`);
    const merged = join(dir, `${name}.jsonl`);
    const m = await cli(['merge', '--output', merged, ...outputs], {});
    if (m.code !== 0) throw new Error(`merge exited ${m.code}: ${m.stderr}`);
    const s = mock.stats;
    for (const [i, r] of runs.entries()) for (const l of r.stderr.split('\n').filter((x) => x.includes('pushed back') || x.startsWith('labeled'))) console.log(`  shard ${i + 1}: ${l.replace(/ -> .*/, '')}`);
    const spanS = (Math.max(...served) + latencyMs - Math.min(...served)) / 1000;
    return { name, wallS, spanS, requests: s.requests, refused: s.byStatus['429'] ?? 0, answered: s.byStatus['200'] ?? 0, maxInFlight: s.maxInFlight, overCapS: s.overCapMs / 1000, ids: ids(merged) };
  } finally {
    await mock.close();
  }
}

const redis = await startRedis();
try {
  const single = await startMockServer({ latencyMs: 1, confidence: 0.95 });
  const singleOut = join(dir, 'single.jsonl');
  const sr = await cli(['label', '--model', 'deepseek-v3.2', '--input', input, '--output', singleOut, '--cache', 'off', '--no-progress'], { SFT_LABEL_BASE_URL: single.url, SFT_LABEL_API_KEY: 'bench-key-0000' });
  await single.close();
  if (sr.code !== 0) throw new Error(`single run exited ${sr.code}: ${sr.stderr}`);
  const singleIds = [...ids(singleOut)].sort();
  const runs = [
    await shards('shared-retry-after', { shared: true, retryAfter: { ms: retryAfterMs }, redisUrl: redis.url }),
    await shards('shared-no-retry-after', { shared: true, retryAfter: { none: true }, redisUrl: redis.url }),
    await shards('separate-limiters', { shared: false, retryAfter: { ms: retryAfterMs }, redisUrl: redis.url }),
  ];
  const rows = [];
  for (const r of runs) {
    const idealS = (r.answered * latencyMs) / 1000 / SERVER_MAX;
    const share = r.refused / r.requests;
    const overShare = r.overCapS / r.wallS;
    const same = JSON.stringify([...r.ids].sort()) === JSON.stringify(singleIds) && new Set(r.ids).size === r.ids.length;
    console.log(
      `${r.name}: ${SHARDS} processes x --concurrency ${CLIENT} against a server taking ${SERVER_MAX} at once (${latencyMs} ms): ` +
        `${r.spanS.toFixed(2)} s from the first request to the last answer (ideal ${idealS.toFixed(2)} s, ratio ${(r.spanS / idealS).toFixed(3)}; ${r.wallS.toFixed(2)} s wall with the processes' start), ${r.refused} x 429 over ${r.requests} requests (${(share * 100).toFixed(1)}%), ` +
        `max ${r.maxInFlight} in flight at the server, over the cap ${(r.overCapS * 1000).toFixed(0)} ms in all (${(overShare * 100).toFixed(2)}% of the run); merged ${r.ids.length} records, equal to the single-process ids without duplicates: ${same}`,
    );
    if (r.name === 'separate-limiters') {
      rows.push({ metric: `share of requests answered 429 (${r.name}, informational)`, value: Math.round(share * 1000) / 1000, target: 'reported', ratio: 1, pass: true });
      continue;
    }
    rows.push(
      { metric: `share of requests answered 429 (${r.name})`, value: Math.round(share * 1000) / 1000, target: `<= ${TARGET_429_SHARE}`, ratio: share / TARGET_429_SHARE, pass: share <= TARGET_429_SHARE },
      { metric: `share of the run over the endpoint's cap of ${SERVER_MAX} (${r.name})`, value: Math.round(overShare * 10000) / 10000, target: `<= ${TARGET_OVER_CAP_SHARE}`, ratio: overShare / TARGET_OVER_CAP_SHARE, pass: overShare <= TARGET_OVER_CAP_SHARE },
      { metric: `labeling span / ideal for ${SERVER_MAX} in flight (${r.name}, informational)`, value: Math.round((r.spanS / idealS) * 1000) / 1000, target: 'reported', ratio: 1, pass: true },
      { metric: `merged ids = single-process ids, no duplicates (${r.name})`, value: same ? 1 : 0, target: '= 1', ratio: 1, pass: same },
    );
  }
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'shards-429', rows })}`);
  if (rows.some((r) => !r.pass)) process.exitCode = 1;
} finally {
  redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
