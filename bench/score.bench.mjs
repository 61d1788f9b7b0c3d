// Scorer benchmark (not a test): times scoreLabels on synthetic labels and prints the ratio to each target.
// Runs the built code: `npx tsc -p tsconfig.build.json && node bench/score.bench.mjs`. Writes nothing.
// Targets (issue 5): 100k samples x 9 dimensions without bootstrap < 2 s; 1,000 resamples on 1k samples < 5 s.
import { performance } from 'node:perf_hooks';
import { scoreLabels } from '../dist/score/index.js';
import { loadTaxonomy } from '../dist/taxonomy/index.js';

const tax = loadTaxonomy();

/** Seeded generator so runs are comparable. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf-like pick: a few tags are common, most are rare, as in real label distributions. */
const pick = (r, tags) => tags[Math.min(tags.length - 1, Math.floor(tags.length * r() ** 2.5))];

function labelsFor(r) {
  const out = {};
  for (const d of tax.dimensions) {
    const tags = d.tags.map((t) => t.id);
    if (d.selection === 'single') out[d.id] = pick(r, tags);
    else {
      const k = 1 + Math.floor(r() * Math.min(3, d.max));
      out[d.id] = [...new Set(Array.from({ length: k }, () => pick(r, tags)))];
    }
  }
  return out;
}

/** Pred agrees with gold on each dimension 75% of the time, 2% of samples failed. */
function dataset(n, seed) {
  const r = rng(seed);
  const gold = new Map();
  const pred = new Map();
  for (let i = 0; i < n; i++) {
    const g = labelsFor(r);
    gold.set(`s${i}`, g);
    if (r() < 0.02) {
      pred.set(`s${i}`, null);
      continue;
    }
    const other = labelsFor(r);
    const p = {};
    for (const d of tax.dimensions) p[d.id] = r() < 0.75 ? g[d.id] : other[d.id];
    pred.set(`s${i}`, p);
  }
  return { gold, pred };
}

function time(label, target, fn) {
  fn(); // warm-up (JIT), not timed
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    fn();
    runs.push((performance.now() - t0) / 1000);
  }
  const best = Math.min(...runs);
  console.log(`${label}: best of 3 ${best.toFixed(3)} s, target < ${target} s, ratio ${(best / target).toFixed(3)} (${best < target ? 'ok' : 'SLOW'})`);
}

const big = dataset(100_000, 1);
time('score 100k samples x 9 dims, no bootstrap', 2, () => scoreLabels({ ...big, taxonomy: tax, bootstrap: 0 }));
const small = dataset(1_000, 2);
time('score 1k samples x 9 dims, 1000 bootstrap resamples', 5, () => scoreLabels({ ...small, taxonomy: tax, bootstrap: 1000, seed: 1 }));
