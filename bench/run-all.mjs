// Runs every bench/*.bench.mjs in turn (as child processes, so one's memory does not skew the next) and writes
// bench/results.md: a table of the BENCH_RESULT lines each printed, then each benchmark's full output.
// `npm run bench` builds first, then runs this. `node bench/run-all.mjs rules score` runs only the benchmarks whose
// file name contains one of the words; `--flag value` arguments are passed to every benchmark.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg, totalmem } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const loadAtStart = loadavg();
const args = process.argv.slice(2);
const filters = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'));
const passed = args.filter((a) => !filters.includes(a));
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();
const table = ['| benchmark | metric | value | target | ratio | pass |', '|---|---|---|---|---|---|'];
const sections = [];
let failed = 0;
for (const file of benches) {
  process.stderr.write(`bench: running ${file}\n`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(here, file), ...passed], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const out = `${r.stdout ?? ''}${r.stderr ? `\n[stderr]\n${r.stderr}` : ''}`.trim();
  process.stdout.write(`${out}\n`);
  if (r.status !== 0) {
    failed++;
    table.push(`| ${file} | (exit ${r.status}) | | | | no |`);
  }
  const lines = (r.stdout ?? '').split('\n');
  if (!lines.some((l) => l.startsWith('BENCH_RESULT '))) {
    // A benchmark without the machine-readable line: its lines that state a target go in the table as printed.
    for (const l of lines.filter((x) => /target/i.test(x))) table.push(`| ${file} | ${l.replace(/\|/g, '\\|')} | | | | |`);
  }
  for (const line of lines) {
    if (!line.startsWith('BENCH_RESULT ')) continue;
    const res = JSON.parse(line.slice('BENCH_RESULT '.length));
    for (const row of res.rows) {
      table.push(`| ${res.bench} | ${row.metric} | ${row.value} | ${row.target} | ${row.ratio.toFixed(2)} | ${row.pass ? 'yes' : 'no'} |`);
    }
  }
  sections.push(`## ${file} (${secs}s)\n\n\`\`\`\n${out.split('\n').filter((l) => !l.startsWith('BENCH_RESULT ')).join('\n')}\n\`\`\``);
}
const md = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\` (bench/run-all.mjs${args.length ? ` ${args.join(' ')}` : ''}) on ${new Date().toISOString()}; node ${process.version}, ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load average ${loadAtStart.map((x) => x.toFixed(1)).join(' ')} at start (other work on the machine slows every number).`,
  '',
  ...table,
  '',
  ...sections,
  '',
].join('\n');
writeFileSync(join(here, 'results.md'), md);
process.stderr.write(`bench: wrote ${join(here, 'results.md')}\n`);
process.exitCode = failed ? 1 : 0;
