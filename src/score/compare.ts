import type { Labels, Taxonomy } from '../taxonomy/index.js';
import { alignById } from './align.js';
import { bootstrap, bootstrapPValue, percentileCi } from './bootstrap.js';
import { buildDimension } from './dimension.js';
import { mcnemarExact, type McNemarResult } from './mcnemar.js';
import { macroMean, SCORE_DEFAULTS, selectDimensions } from './score-labels.js';

export interface CompareOptions {
  gold: ReadonlyMap<string, Labels>;
  a: ReadonlyMap<string, Labels | null>;
  b: ReadonlyMap<string, Labels | null>;
  taxonomy: Taxonomy;
  dims?: readonly string[];
  /** Paired bootstrap resamples, default 1000. */
  bootstrap?: number;
  seed?: number;
}

export interface PairedDimension {
  headline_metric: string;
  a: number | null;
  b: number | null;
  /** b - a, null when either is undefined. */
  diff: number | null;
  diff_ci95: [number, number] | null;
  p_value: number | null;
  mcnemar: McNemarResult;
}

export interface PairedReport {
  version: 1;
  n: number;
  bootstrap: { resamples: number; seed: number };
  dimensions: Record<string, PairedDimension>;
  overall: { a: number | null; b: number | null; diff: number | null; diff_ci95: [number, number] | null; p_value: number | null };
  /** McNemar on "every scored dimension exactly right". */
  mcnemar_all: McNemarResult;
  /** Ids left out: in gold but missing from A or B, or in A or B but not in gold. */
  excluded: { missing_in_a: string[]; missing_in_b: string[]; not_in_gold: string[] };
  failed: { a: string[]; b: string[] };
}

/**
 * Compare configuration B with A on the same samples (ids in gold, A and B). Per dimension: headlines, their
 * difference B - A, its paired bootstrap 95% CI and two-sided p-value (one draw of items per resample applied to
 * both), and McNemar's exact test on per-item exact match. Positive diff = B better.
 */
export function comparePaired(opts: CompareOptions): PairedReport {
  const resamples = opts.bootstrap ?? SCORE_DEFAULTS.bootstrap;
  const seed = opts.seed ?? SCORE_DEFAULTS.seed;
  const common = new Map([...opts.gold].filter(([id]) => opts.a.has(id) && opts.b.has(id)));
  const alA = alignById(common, opts.a);
  const alB = alignById(common, opts.b);
  const n = alA.ids.length;
  const dims = selectDimensions(opts.taxonomy, opts.dims);
  const pairs = dims.map((dim) => ({
    a: buildDimension(dim, opts.taxonomy, alA.gold, alA.pred),
    b: buildDimension(dim, opts.taxonomy, alB.gold, alB.pred),
  }));
  const diffOf = (x: number | null, y: number | null) => (x === null || y === null ? null : y - x);
  const cur: { a: (number | null)[]; b: (number | null)[] } = { a: [], b: [] };
  const stats = pairs.map((p, i) => (w: Int32Array) => {
    cur.a[i] = p.a.headline(w).value;
    cur.b[i] = p.b.headline(w).value;
    return diffOf(cur.a[i]!, cur.b[i]!);
  });
  stats.push(() => diffOf(macroMean(cur.a), macroMean(cur.b)));
  const draws = resamples > 0 && n > 0 ? bootstrap({ n, resamples, seed }, stats) : stats.map(() => []);
  const dimensions: Record<string, PairedDimension> = {};
  const headA: (number | null)[] = [];
  const headB: (number | null)[] = [];
  pairs.forEach((p, i) => {
    const a = p.a.headline(null).value;
    const b = p.b.headline(null).value;
    headA.push(a);
    headB.push(b);
    dimensions[p.a.id] = {
      headline_metric: p.a.headlineMetric, a, b, diff: diffOf(a, b),
      diff_ci95: percentileCi(draws[i]!, resamples), p_value: bootstrapPValue(draws[i]!),
      mcnemar: mcnemarExact(p.a.exact, p.b.exact),
    };
  });
  const oa = macroMean(headA);
  const ob = macroMean(headB);
  const last = draws[pairs.length]!;
  return {
    version: 1, n, bootstrap: { resamples, seed }, dimensions,
    overall: { a: oa, b: ob, diff: diffOf(oa, ob), diff_ci95: percentileCi(last, resamples), p_value: bootstrapPValue(last) },
    mcnemar_all: mcnemarExact(allExact(pairs.map((p) => p.a.exact), n), allExact(pairs.map((p) => p.b.exact), n)),
    excluded: {
      missing_in_a: [...opts.gold.keys()].filter((id) => !opts.a.has(id)).sort(),
      missing_in_b: [...opts.gold.keys()].filter((id) => !opts.b.has(id)).sort(),
      not_in_gold: [...new Set([...opts.a.keys(), ...opts.b.keys()])].filter((id) => !opts.gold.has(id)).sort(),
    },
    failed: { a: alA.failed, b: alB.failed },
  };
}

function allExact(perDim: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n).fill(1);
  for (const e of perDim) for (let i = 0; i < n; i++) if (!e[i]) out[i] = 0;
  return out;
}
