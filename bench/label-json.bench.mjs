// Benchmark (issue 20): a JSON array input of >= 2 GB through `sft-label label --model rules`, streamed record by
// record, against the same records as JSONL: peak RSS (target < 300 MB) and throughput (JSON within 1.25x of JSONL),
// for a JSONL output and a JSON array output; each output is checked to hold every record once, in order.
// BENCH_N=<n> scales it down (the output says so). Needs the build (npm run bench does it).
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runCliMeasured } from './measure.mjs';
import { writeSyntheticArray } from './synth.mjs';

const FULL_N = 1_000_000;
const PAD = 1_500; // bytes of metadata per record: 1M records -> ~2.2 GB
const n = Number(process.env.BENCH_N ?? FULL_N);
const TARGET_RSS_MB = 300;
const TARGET_RATIO = 1.25;

const dir = mkdtempSync(join(tmpdir(), 'sft-bench-json-'));
try {
  const arrayIn = join(dir, 'input.json');
  const linesIn = join(dir, 'input.jsonl');
  const t0 = Date.now();
  await writeSyntheticArray(arrayIn, n, 11, { padBytes: PAD, format: 'json' });
  await writeSyntheticArray(linesIn, n, 11, { padBytes: PAD, format: 'jsonl' });
  const gb = statSync(arrayIn).size / 1e9;
  console.log(`generated ${n} records as a JSON array (${gb.toFixed(2)} GB) and as JSONL in ${((Date.now() - t0) / 1000).toFixed(1)}s${n !== FULL_N ? ` — scaled down from ${FULL_N} by BENCH_N` : ''}`);
  const load0 = loadavg()[0];
  const run = async (label, input, output) => {
    const r = await runCliMeasured(['label', '--model', 'rules', '--input', input, '--output', output, '--no-progress']);
    if (r.code !== 0) throw new Error(`${label}: sft-label label exited with ${r.code}: ${r.stderr}`);
    const rssMb = r.hwmKb / 1024;
    console.log(`${label}: ${r.wallS.toFixed(1)}s wall, ${(n / r.wallS).toFixed(0)} records/s, peak RSS ${rssMb.toFixed(1)} MB`);
    return { wallS: r.wallS, rssMb };
  };
  const lines = await run('JSONL -> JSONL', linesIn, join(dir, 'labeled_lines.jsonl'));
  rmSync(join(dir, 'labeled_lines.jsonl'));
  const arrLines = await run('JSON array -> JSONL', arrayIn, join(dir, 'labeled_al.jsonl'));
  const okLines = await sameIdsInOrder(join(dir, 'labeled_al.jsonl'), 'jsonl');
  rmSync(join(dir, 'labeled_al.jsonl'));
  const arrArr = await run('JSON array -> JSON array', arrayIn, join(dir, 'labeled_aa.json'));
  const okArray = await sameIdsInOrder(join(dir, 'labeled_aa.json'), 'json');
  console.log(`outputs hold every record once, in input order: JSONL ${okLines}, JSON array ${okArray}`);
  console.log(`machine load average (1 min): ${load0.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end`);
  const rows = [
    { metric: `peak RSS MB (JSON array ${gb.toFixed(2)} GB -> JSONL)`, value: round(arrLines.rssMb), target: `< ${TARGET_RSS_MB}`, ratio: arrLines.rssMb / TARGET_RSS_MB, pass: arrLines.rssMb < TARGET_RSS_MB },
    { metric: 'peak RSS MB (JSON array -> JSON array)', value: round(arrArr.rssMb), target: `< ${TARGET_RSS_MB}`, ratio: arrArr.rssMb / TARGET_RSS_MB, pass: arrArr.rssMb < TARGET_RSS_MB },
    { metric: 'wall, JSON array -> JSONL / JSONL -> JSONL', value: round(arrLines.wallS / lines.wallS, 3), target: `<= ${TARGET_RATIO}`, ratio: arrLines.wallS / lines.wallS / TARGET_RATIO, pass: arrLines.wallS / lines.wallS <= TARGET_RATIO },
    { metric: 'wall, JSON array -> JSON array / JSONL -> JSONL', value: round(arrArr.wallS / lines.wallS, 3), target: `<= ${TARGET_RATIO}`, ratio: arrArr.wallS / lines.wallS / TARGET_RATIO, pass: arrArr.wallS / lines.wallS <= TARGET_RATIO },
    { metric: 'outputs complete (every record once, in order)', value: okLines && okArray ? 'yes' : 'no', target: 'yes', ratio: 1, pass: okLines && okArray },
  ];
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: `label-json${n !== FULL_N ? ` (scaled: N=${n})` : ''}`, records: n, rows })}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function round(x, digits = 1) {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

/** The output's records carry the synthetic ids (syn-i) or, for id-less Alpaca records, their instruction: check order and count. */
async function sameIdsInOrder(path, format) {
  let count = 0;
  let ordered = true;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const raw of lines) {
    const text = format === 'json' ? raw.replace(/^\[|^\]$/, '').replace(/,$/, '') : raw;
    if (!text.trim()) continue;
    const record = JSON.parse(text);
    const m = /^syn-(\d+)$/.exec(record.id ?? '');
    if (m && Number(m[1]) !== count) ordered = false;
    if (record.labels === undefined) ordered = false;
    count++;
  }
  return ordered && count === n;
}
