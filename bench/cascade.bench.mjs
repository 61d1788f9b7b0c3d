// Benchmark: cost per sample of a cheap-then-strong cascade vs each single model (issue 16), on the mock with two
// models of known quality on gold/v1 (108 samples): each dimension agrees with gold with probability 0.88 (weak) and
// 0.95 (strong), confidences informative (agreeing answers 0.70-1.00, the others 0.10-0.70). Priced like
// deepseek-v3.2 (weak) and claude-sonnet-4.6 (strong) from models.yaml. `sft-label run` labels both models and scores
// the cascade from their answers (thresholds cross-fitted on gold); then the same with flat random confidences,
// where `sft-label calibrate` must propose no saving.
// Targets ("Done when"): the cascade's overall headline within the strong model's 95% CI (or above it), at most 60%
// of calls sent to the strong model; flat confidences -> no saving proposed.
// Usage: npm run build && node bench/cascade.bench.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startMockServer, qualityScript, readGoldForQuality } = await import(pathToFileURL(join(root, 'dist/mock/index.js')).href);
const { loadTaxonomy } = await import(pathToFileURL(join(root, 'dist/taxonomy/index.js')).href);
const GOLD = join(root, 'gold', 'v1');
const CASCADE = 'mock-weak__then__mock-strong__v3';

const taxonomy = loadTaxonomy();
const gold = readGoldForQuality(GOLD);
const script = (confidence) =>
  qualityScript({ ...gold, dimensions: taxonomy.dimensions, models: { 'mock-weak': { agreement: 0.88, confidence }, 'mock-strong': { agreement: 0.95, confidence } } });
const mock = await startMockServer({ script: script('informative') });
const dir = mkdtempSync(join(tmpdir(), 'bench-cascade-'));
const entry = (id, p) =>
  `  ${id}:\n    tier: light\n    provider: mock\n    model: ${id}\n    response_format: json_schema\n    base_url: ${mock.url}\n    prices: ${p}\n`;
writeFileSync(
  join(dir, 'models.yaml'),
  `version: 1\nmodels:\n` +
    entry('mock-weak', '{ input: 0.28, cached_input: 0.028, output: 0.42, as_of: "2025-12", source: "deepseek-v3.2 in models.yaml" }') +
    entry('mock-strong', '{ input: 3.00, cached_input: 0.30, output: 15.00, as_of: "2026", source: "claude-sonnet-4.6 in models.yaml" }'),
);
const experiment = (name) =>
  writeFileSync(
    join(dir, `${name}.yaml`),
    `name: ${name}\ngold: ${GOLD}\nmatrix:\n  models: [mock-weak, mock-strong]\n  prompts: [v3]\n  cascades: [[mock-weak, mock-strong]]\noptions:\n  concurrency: 16\n  arbitration: false\n`,
  );
const env = { PATH: process.env.PATH, HOME: process.env.HOME, SFT_LABEL_API_KEY: 'bench', SFT_LABEL_CACHE_DIR: join(dir, 'cache') };
// Asynchronous: the mock answers from this process, so its event loop must keep running while the CLI does.
const cli = (args) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/sft-label.js'), ...args], { cwd: dir, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`sft-label ${args.join(' ')} exited ${code}: ${err}`))));
  });

try {
  experiment('informative');
  const t0 = Date.now();
  await cli(['run', 'informative.yaml', '--models', 'models.yaml', '--no-progress']);
  const secs = (Date.now() - t0) / 1000;
  const metrics = JSON.parse(readFileSync(join(dir, 'reports/informative/metrics.json'), 'utf8'));
  const run = JSON.parse(readFileSync(join(dir, 'reports/informative/run.json'), 'utf8'));
  const perSample = (name) => run.configs[name].cost_usd_full / (run.configs[name].labeled + run.configs[name].failed);
  const weak = metrics.configs['mock-weak__v3'];
  const strong = metrics.configs['mock-strong__v3'];
  const casc = metrics.configs[CASCADE];
  const c = casc.cascade;
  const html = readFileSync(join(dir, 'reports/informative/report.html'), 'utf8');
  const onChart = new RegExp(`${CASCADE}: \\S+ per sample, overall`).test(html); // the chart dot's tooltip
  const f = (x) => x.toFixed(3);
  console.log(`gold/v1, 108 samples; 2 calls per sample; run (both models labeled, cascade scored from their answers) ${secs.toFixed(1)}s`);
  console.log('configuration                      overall [95% CI]          $/sample   calls to strong');
  console.log(`mock-weak (p 0.88)                 ${f(weak.score.overall)} [${weak.score.overall_ci95.map(f).join(', ')}]   $${perSample('mock-weak__v3').toFixed(4)}   0%`);
  console.log(`mock-strong (p 0.95)               ${f(strong.score.overall)} [${strong.score.overall_ci95.map(f).join(', ')}]   $${perSample('mock-strong__v3').toFixed(4)}   100%`);
  console.log(`cascade weak -> strong             ${f(casc.score.overall)} [${casc.score.overall_ci95.map(f).join(', ')}]   $${c.cost_per_sample_usd.toFixed(4)}   ${(100 * c.escalation_share).toFixed(1)}%`);
  console.log(`cascade verdict: ${c.verdict}`);
  console.log(`cascade $/sample vs strong: ${(c.cost_per_sample_usd / c.then_cost_per_sample_usd).toFixed(3)}x; vs weak: ${(c.cost_per_sample_usd / c.first_cost_per_sample_usd).toFixed(2)}x; on the cost/quality chart: ${onChart}`);

  mock.setScript(script('flat'));
  experiment('flat');
  await cli(['run', 'flat.yaml', '--models', 'models.yaml', '--no-progress', '--cache-dir', join(dir, 'cache-flat')]); // other answers: not the first run's cache
  const [flat] = JSON.parse(await cli(['calibrate', 'reports/flat', '--json']));
  console.log(`flat random confidences: saving proposed ${flat.proposal.saving}; ${flat.proposal.verdict}`);

  const within = casc.score.overall >= strong.score.overall_ci95[0];
  const rows = [
    { metric: 'cascade overall / strong CI low', value: f(casc.score.overall), target: `>= ${f(strong.score.overall_ci95[0])}`, ratio: casc.score.overall / strong.score.overall_ci95[0], pass: within },
    { metric: 'calls to the strong model', value: `${(100 * c.escalation_share).toFixed(1)}%`, target: '<= 60%', ratio: c.escalation_share / 0.6, pass: c.escalation_share <= 0.6 },
    { metric: 'cascade $/sample vs strong', value: `$${c.cost_per_sample_usd.toFixed(4)} vs $${c.then_cost_per_sample_usd.toFixed(4)}`, target: '< 1x', ratio: c.cost_per_sample_usd / c.then_cost_per_sample_usd, pass: c.cost_per_sample_usd < c.then_cost_per_sample_usd },
    { metric: 'cascade on the cost/quality chart', value: String(onChart), target: 'true', ratio: onChart ? 1 : 0, pass: onChart },
    { metric: 'flat confidences: no saving proposed', value: String(!flat.proposal.saving), target: 'true', ratio: flat.proposal.saving ? 0 : 1, pass: !flat.proposal.saving },
  ];
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'cascade', rows })}`);
  if (!rows.every((r) => r.pass)) process.exitCode = 1;
} finally {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
}
