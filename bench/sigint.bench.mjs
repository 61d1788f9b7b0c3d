// Benchmark (issue 19, item 2): Ctrl-C of `sft-label label` at the default concurrency (30 requests in flight)
// against a slow endpoint. Counts the requests that reach the mock after SIGINT (target 0), the time from the last
// in-flight answer to the exit (target < 2 s), and resumes: the rest is labeled with no id twice.
// Usage: npm run build && node bench/sigint.bench.mjs [--latency 2000] [--records 1000] [--after 5000]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchArg, runCliMeasured } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const latencyMs = Number(benchArg('latency', '2000'));
const records = Number(benchArg('records', '1000'));
const afterMs = Number(benchArg('after', '12000'));
const { startMockServer } = await import(pathToFileURL(join(root, 'dist/mock/index.js')).href);
const { writeSyntheticJsonl } = await import(pathToFileURL(join(root, 'bench/synth.mjs')).href);
const { recordId } = await import(pathToFileURL(join(root, 'dist/conversation/index.js')).href);
const idsOf = (file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => recordId(JSON.parse(l)));

const dir = mkdtempSync(join(tmpdir(), 'sft-bench-sigint-'));
const input = join(dir, 'in.jsonl');
await writeSyntheticJsonl(input, records, 19);
const output = join(dir, 'labeled_s.jsonl');
const arrivals = [];
const answers = [];
const mock = await startMockServer({ latencyMs, confidence: 0.95, script: () => void arrivals.push(Date.now()) });
const args = ['label', '--model', 'mock-model', '--base-url', mock.url, '--cache', 'off', '--input', input, '--output', output, '--no-progress'];
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
try {
  const child = spawn(process.execPath, [join(root, 'bin', 'sft-label.js'), ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise((res) => child.on('close', (code) => res(code)));
  // After `after` ms, at a quiet moment (300 ms since the last request arrived): a request sent just before the signal
  // must not be counted as sent after it because this process read its body late.
  await new Promise((r) => setTimeout(r, afterMs));
  while (Date.now() - (arrivals.at(-1) ?? 0) < 300) await new Promise((r) => setTimeout(r, 10));
  const signalAt = Date.now();
  const before = arrivals.length;
  const inFlight = mock.stats.inFlight;
  child.kill('SIGINT');
  const code = await closed;
  const exitAt = Date.now();
  for (const t of arrivals) answers.push(t + latencyMs);
  const after = arrivals.filter((t) => t > signalAt).length;
  const lastAnswer = Math.max(...answers);
  const written = readFileSync(output, 'utf8').split('\n').filter(Boolean).length;
  const resumeFrom = arrivals.length;
  const resume = await runCliMeasured(args, { env });
  const ids = idsOf(output);
  const same = JSON.stringify(ids) === JSON.stringify(idsOf(input));
  const lines = [
    `${records} records, default --concurrency (30 requests in flight), ${latencyMs} ms per request, SIGINT after ${afterMs} ms (at a moment 300 ms after the last request arrived)`,
    `  requests before SIGINT           ${before} (${inFlight} in flight at the signal)`,
    `  requests after SIGINT            ${after} (target 0)`,
    `  exit code                        ${code} (target 130)`,
    `  exit - last in-flight answer     ${((exitAt - lastAnswer) / 1000).toFixed(2)} s (target < 2 s)`,
    `  exit - SIGINT                    ${((exitAt - signalAt) / 1000).toFixed(2)} s`,
    `  records written before the exit  ${written}`,
    `  resume: exit ${resume.code}, ${arrivals.length - resumeFrom} requests, ${ids.length} records, ${same ? 'the input ids in input order, none twice' : 'NOT the input ids'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (code !== 130 || after !== 0 || exitAt - lastAnswer >= 2000 || resume.code !== 0 || !same) process.exitCode = 1;
} finally {
  await mock.close();
}
