// CI-gate error rates by simulation (issue 19 item 6). Runs the built code: `npm run build && node bench/gate-sim.bench.mjs`.
// Targets: with quality unchanged the gate exits 100 in <= 5% of 200 seeded runs; with one dimension dropped by 0.15
// on gold/v1 it exits 100 in >= 80% of 200 seeded runs. Writes nothing (append the output to bench/results.md).
//
// The world: the 108 samples of gold/v1 and two LLM configurations (18 dimension gates, as in the issue). A
// configuration is not deterministic: a share of its labels (--unstable, default 0.1) is a coin toss between gold and
// a wrong answer on every run, the rest come out the same on every run (gold with a per-dimension probability m,
// else wrong), so two runs of an unchanged configuration disagree on 5% of the labels by default (wrong answer:
// single: another tag; multi: one gold tag swapped for another tag). The baseline is one run, the gated run another run of the same configurations (what the issue
// measured: 11 of 23 gate runs failed with quality unchanged). "Dropped by 0.15": in one configuration, one dimension
// (each dimension in turn) answers so that its expected per-sample agreement with gold (accuracy; mean Jaccard for
// multi) is 0.15 lower. Every run goes through evaluateGates with the gate's defaults (Holm); the other corrections
// re-decide the same checks from their raw p-values.
// Flags: --runs N (default 200), --repeats R (default 1: labels per sample on each side), --unstable U (0.1).
// After the two targets, a sensitivity table: power and false alarms against the share of unstable labels, and what
// repeats buy back (--runs / 4 seeded runs per cell).
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBaseline, decide, evaluateGates } from '../dist/gate/index.js';
import { ExperimentFileSchema } from '../dist/runner/index.js';
import { adjustPValues, itemAgreement, mulberry32, readGoldLabels, scoreLabels } from '../dist/score/index.js';
import { loadTaxonomy } from '../dist/taxonomy/index.js';
import { benchArg } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(benchArg('runs', '200'));
const REPEATS = Number(benchArg('repeats', '1'));
const UNSTABLE = Number(benchArg('unstable', '0.1'));
const DROP = 0.15;
const taxonomy = loadTaxonomy();
const gold = await readGoldLabels(join(root, 'gold', 'v1'));
const ids = [...gold.keys()].sort();
const dims = taxonomy.dimensions;
const MEAN = { intent: 0.8, language: 0.9, domain: 0.65, task: 0.6, difficulty: 0.55, concept: 0.55, agentic: 0.85, constraint: 0.7, context: 0.65 };
const defaults = ExperimentFileSchema.parse({ name: 'sim', gold: 'g', matrix: { models: ['rules'] } }).gates;
const CONFIGS = ['llm-a__v1', 'llm-b__v1'];

/** A wrong answer for one sample and dimension. */
function wrong(rand, dim, g) {
  const tags = dim.tags.map((t) => t.id);
  if (dim.selection !== 'multi') {
    const others = tags.filter((t) => t !== g);
    return others[Math.floor(rand() * others.length)];
  }
  const set = Array.isArray(g) ? [...g] : [g];
  const others = tags.filter((t) => !set.includes(t));
  set[Math.floor(rand() * set.length)] = others[Math.floor(rand() * others.length)];
  return set;
}

/**
 * Per configuration x dimension x sample: the probability of answering gold. A share `unstable` of the labels is a
 * coin toss on every run (p = 0.5); the others come out the same on every run (p = 1 with probability m, else 0).
 * Two runs of one configuration then disagree on unstable / 2 of the labels.
 */
function world(rand, unstable) {
  return CONFIGS.map(() => Object.fromEntries(dims.map((d) => [d.id, ids.map(() => (rand() < unstable ? 0.5 : rand() < MEAN[d.id] ? 1 : 0))])));
}

/** p lowered so that the expected mean agreement drops by DROP (capped at 0: reported when the cap bites). */
function dropped(p, dim) {
  const loss = ids.map((id) => {
    if (dim.selection !== 'multi') return 1;
    const g = gold.get(id)[dim.id];
    const k = Array.isArray(g) ? g.length : 1;
    return 1 - (k - 1) / (k + 1); // agreement lost when a right answer becomes one swapped tag
  });
  const scale = (DROP * ids.length) / p.reduce((s, x, i) => s + x * loss[i], 0);
  return { p: p.map((x) => Math.max(0, x * (1 - scale))), capped: scale > 1 };
}

function label(rand, probs) {
  return new Map(ids.map((id, i) => {
    const g = gold.get(id);
    return [id, Object.fromEntries(dims.map((d) => [d.id, rand() < probs[d.id][i] ? g[d.id] : wrong(rand, d, g[d.id])]))];
  }));
}

function baselineOf(sides) {
  return buildBaseline({
    experiment: 'sim', toolVersion: 'sim', taxonomyVersion: taxonomy.version,
    gold: { name: 'v1', version: '1', labels_sha256: 'x', samples: gold.size }, prompts: { v1: { hash: 'h' } },
    configs: CONFIGS.map((name, c) => ({
      name, model: name, prompt: 'v1', promptHash: 'h', axes: {},
      score: scoreLabels({ gold, pred: sides[c][0], taxonomy, bootstrap: 0 }),
      labels: sides[c][0], repeatLabels: sides[c].slice(1),
    })),
    cacheKeys: [], createdAt: '2026-01-01T00:00:00.000Z',
  });
}

/** Did each correction fail the run? Holm through evaluateGates; bh and none re-decided from the same raw p-values. */
function simulate(seed, dropDim, unstable = UNSTABLE, repeats = REPEATS) {
  const rand = mulberry32(seed);
  const w = world(rand, unstable);
  const runs = (r, probs) => Array.from({ length: repeats }, () => label(r, probs));
  const base = CONFIGS.map((_, c) => runs(rand, w[c]));
  let capped = false;
  const curProbs = w.map((probs, c) => {
    if (c !== 0 || !dropDim) return probs;
    const d = dropped(probs[dropDim.id], dropDim);
    capped = d.capped;
    return { ...probs, [dropDim.id]: d.p };
  });
  const cur = CONFIGS.map((_, c) => runs(rand, curProbs[c]));
  const report = evaluateGates({
    experiment: 'sim', gates: defaults, taxonomy, gold, baseline: baselineOf(base),
    current: new Map(CONFIGS.map((name, c) => [name, { labels: cur[c][0], repeatLabels: cur[c].slice(1), promptHash: 'h' }])),
  });
  const tested = report.checks.filter((c) => c.p_value !== null);
  const failsWith = (method) => {
    const adj = adjustPValues(tested.map((c) => c.p_value), method);
    return tested.some((c, i) => decide(c.diff, adj[i], c.max_drop, c.require_significant, 1 - defaults.confidence) === 'fail');
  };
  // The observed agreement drop of the dropped dimension (config 0), to show what "0.15" came out as.
  let observed = null;
  let kappaDrop = null;
  if (dropDim) {
    const mean = (m) => ids.reduce((s, id) => s + itemAgreement(taxonomy, dropDim.id, gold.get(id), m.get(id)), 0) / ids.length;
    observed = mean(cur[0][0]) - mean(base[0][0]);
    kappaDrop = report.checks.find((c) => c.config === CONFIGS[0] && c.dimension === dropDim.id)?.diff ?? null;
  }
  const wrongDim = dropDim ? report.checks.some((c) => c.status === 'fail' && !(c.config === CONFIGS[0] && c.dimension === dropDim.id)) : false;
  return { holm: !report.passed, bh: failsWith('bh'), none: failsWith('none'), capped, observed, kappaDrop, wrongDim, family: report.family_size };
}

const t0 = performance.now();
const pct = (k) => `${((100 * k) / RUNS).toFixed(1)}%`;
const nullRuns = Array.from({ length: RUNS }, (_, s) => simulate(1000 + s, null));
const dropRuns = Array.from({ length: RUNS }, (_, s) => simulate(5000 + s, dims[s % dims.length]));
const count = (rs, k) => rs.filter((r) => r[k]).length;
const secs = ((performance.now() - t0) / 1000).toFixed(1);
console.log(`gold/v1 (${ids.length} samples), ${CONFIGS.length} configurations x ${dims.length} dimensions = ${nullRuns[0].family} gates per run, unstable labels ${UNSTABLE} (two runs disagree on ${(UNSTABLE * 50).toFixed(1)}% of labels), repeats ${REPEATS}, ${RUNS} seeded runs per scenario, ${secs}s`);
console.log(`quality unchanged: gate exits 100 in ${count(nullRuns, 'holm')}/${RUNS} runs (${pct(count(nullRuns, 'holm'))}) with holm [target <= 5%]; bh ${pct(count(nullRuns, 'bh'))}; none (uncorrected) ${pct(count(nullRuns, 'none'))}`);
console.log(`one dimension dropped by ${DROP}: gate exits 100 in ${count(dropRuns, 'holm')}/${RUNS} runs (${pct(count(dropRuns, 'holm'))}) with holm [target >= 80%]; bh ${pct(count(dropRuns, 'bh'))}; none ${pct(count(dropRuns, 'none'))}`);
const obs = dropRuns.map((r) => r.observed);
const kd = dropRuns.map((r) => r.kappaDrop).filter((x) => x !== null);
console.log(`  observed agreement change of the dropped dimension: mean ${(obs.reduce((s, x) => s + x, 0) / obs.length).toFixed(3)}; its headline metric change: mean ${(kd.reduce((s, x) => s + x, 0) / kd.length).toFixed(3)}; runs where the cap at p = 0 bit: ${count(dropRuns, 'capped')}; runs that also failed another gate: ${count(dropRuns, 'wrongDim')}`);
for (const d of dims) {
  const rs = dropRuns.filter((_, s) => dims[s % dims.length] === d);
  console.log(`  ${d.id.padEnd(11)} dropped: ${rs.filter((r) => r.holm).length}/${rs.length} runs exit 100 (holm)`);
}
const small = Math.max(10, Math.round(RUNS / 4));
console.log(`sensitivity (holm, ${small} seeded runs per cell): unstable share -> false alarms / power`);
for (const [unstable, repeats] of [[0, 1], [0.2, 1], [0.4, 1], [0.4, 3]]) {
  const n0 = Array.from({ length: small }, (_, s) => simulate(9000 + s, null, unstable, repeats)).filter((r) => r.holm).length;
  const n1 = Array.from({ length: small }, (_, s) => simulate(13000 + s, dims[s % dims.length], unstable, repeats)).filter((r) => r.holm).length;
  console.log(`  unstable ${unstable} (runs disagree on ${(unstable * 50).toFixed(0)}% of labels), repeats ${repeats}: false alarms ${n0}/${small}, power ${n1}/${small}`);
}
const fa = count(nullRuns, 'holm') / RUNS;
const power = count(dropRuns, 'holm') / RUNS;
console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'gate-sim', rows: [
  { metric: `false alarms, quality unchanged (${RUNS} runs, holm)`, value: pct(count(nullRuns, 'holm')), target: '<= 5%', ratio: fa / 0.05, pass: fa <= 0.05 },
  { metric: `power, one dimension -${DROP} (${RUNS} runs, holm)`, value: pct(count(dropRuns, 'holm')), target: '>= 80%', ratio: power / 0.8, pass: power >= 0.8 },
] })}`);
process.exitCode = fa <= 0.05 && power >= 0.8 ? 0 : 1;
