import { tagsOf, type Labels, type Taxonomy } from '../taxonomy/index.js';
import { criticalValue } from './power.js';

/**
 * Prediction-powered inference for tag shares (Angelopoulos, Bates, Fannjiang, Jordan & Zrnic, "Prediction-powered
 * inference", Science 2023, the mean estimator of their §2).
 *
 * A production run gives the labeler's answer f on N unlabeled samples; the same configuration's answers on the gold
 * set give f and the true label y on n samples. For a tag, with f, y ∈ {0, 1} ("carries the tag"):
 *
 *     θ̂ = mean_N(f) − mean_n(f − y)                      (the labeler's share, minus its measured bias)
 *     CI = θ̂ ± z · sqrt( var_N(f) / N + var_n(f − y) / n )
 *
 * valid whatever the labeler's errors are, provided the gold samples are drawn from the same population as the
 * production samples. The naive share mean_N(f) ± z·sqrt(p(1 − p)/N) is only valid if the labeler makes no errors:
 * with a large N its interval is narrow around the wrong value (Egami et al., NeurIPS 2023).
 * Intervals are clipped to [0, 1]. Variances use n − 1 on the gold side; fewer than 2 gold samples: no PPI interval.
 */
export interface ShareEstimate {
  /** The labeler's share on the production run and its naive (binomial) CI. */
  naive: number;
  naive_ci: [number, number];
  /** Prediction-powered share and CI; null when there are fewer than 2 gold samples. */
  ppi: number | null;
  ppi_ci: [number, number] | null;
  /** mean_n(f − y) on the gold samples: how much the labeler over- (+) or under-states the share. */
  bias: number | null;
}

export interface ShareInput {
  /** Production samples carrying the tag, and production samples labeled. */
  count: number;
  n: number;
  /** Per gold sample: does the configuration's answer carry the tag (f), does gold (y). */
  goldPred: ArrayLike<number>;
  goldTrue: ArrayLike<number>;
  confidence?: number;
}

export function predictionPoweredShare(s: ShareInput): ShareEstimate {
  const z = criticalValue(s.confidence ?? 0.95);
  const clip = (x: number) => Math.min(1, Math.max(0, x));
  const p = s.n ? s.count / s.n : 0;
  const varF = p * (1 - p);
  const half = s.n ? z * Math.sqrt(varF / s.n) : Infinity;
  const naive_ci: [number, number] = [clip(p - half), clip(p + half)];
  const m = s.goldPred.length;
  if (m < 2 || !s.n) return { naive: p, naive_ci, ppi: null, ppi_ci: null, bias: m ? rectifierMean(s) : null };
  const r = rectifierMean(s);
  let ss = 0;
  for (let i = 0; i < m; i++) {
    const d = s.goldPred[i]! - s.goldTrue[i]! - r;
    ss += d * d;
  }
  const varR = ss / (m - 1);
  const theta = p - r;
  const h = z * Math.sqrt(varF / s.n + varR / m);
  return { naive: p, naive_ci, ppi: clip(theta), ppi_ci: [clip(theta - h), clip(theta + h)], bias: r };
}

function rectifierMean(s: ShareInput): number {
  let sum = 0;
  for (let i = 0; i < s.goldPred.length; i++) sum += s.goldPred[i]! - s.goldTrue[i]!;
  return sum / s.goldPred.length;
}

export interface CalibratedSharesOptions {
  /** Production tag counts per dimension (labeled records carrying each tag) and the number of labeled records. */
  production: ReadonlyArray<{ dimension: string; tags: ReadonlyArray<{ tag: string; count: number }> }>;
  labeled: number;
  /** Gold labels and the same configuration's answers on the gold samples (a failed answer carries no tag). */
  gold: ReadonlyMap<string, Labels>;
  goldPred: ReadonlyMap<string, Labels | null>;
  taxonomy: Taxonomy;
  confidence?: number;
}

export interface CalibratedShares {
  confidence: number;
  /** Gold samples with an answer from the configuration (the n of the correction). */
  gold_n: number;
  dimensions: Array<{ dimension: string; tags: Array<{ tag: string; count: number; gold: number } & ShareEstimate> }>;
}

/**
 * Every tag's production share with its prediction-powered CI next to the naive one. Tags seen in production or in
 * gold are listed (a tag the labeler never gives in production can still have a true share above 0). Pure.
 */
export function calibratedShares(o: CalibratedSharesOptions): CalibratedShares {
  const ids = [...o.gold.keys()].filter((id) => o.goldPred.has(id)).sort();
  const dimensions = o.taxonomy.dimensions.map((dim) => {
    const counts = new Map((o.production.find((d) => d.dimension === dim.id)?.tags ?? []).map((t) => [t.tag, t.count]));
    const goldSets = ids.map((id) => new Set(tagsOf(o.gold.get(id), dim.id)));
    const predSets = ids.map((id) => new Set(tagsOf(o.goldPred.get(id) ?? null, dim.id)));
    const tags = new Set([...counts.keys(), ...goldSets.flatMap((s) => [...s])]);
    const rows = [...tags].map((tag) => {
      const y = Uint8Array.from(goldSets, (s) => (s.has(tag) ? 1 : 0));
      const f = Uint8Array.from(predSets, (s) => (s.has(tag) ? 1 : 0));
      const count = counts.get(tag) ?? 0;
      const est = predictionPoweredShare({ count, n: o.labeled, goldPred: f, goldTrue: y, confidence: o.confidence });
      return { tag, count, gold: y.reduce((a, b) => a + b, 0), ...est };
    });
    rows.sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
    return { dimension: dim.id, tags: rows };
  });
  return { confidence: o.confidence ?? 0.95, gold_n: ids.length, dimensions };
}

export interface CalibratedDriftOptions {
  /** Tag counts (records carrying the tag) and labeled records of A and of B. */
  a: { counts: ReadonlyMap<string, ReadonlyMap<string, number>>; labeled: number };
  b: { counts: ReadonlyMap<string, ReadonlyMap<string, number>>; labeled: number };
  gold: ReadonlyMap<string, Labels>;
  /** The configuration's answers on gold that labeled A, and B (the same map when one configuration labeled both). */
  goldPredA: ReadonlyMap<string, Labels | null>;
  goldPredB: ReadonlyMap<string, Labels | null>;
  taxonomy: Taxonomy;
  confidence?: number;
}

export interface CalibratedDriftTag {
  tag: string;
  a: number | null;
  b: number | null;
  /** Prediction-powered B − A (of the unclipped estimates; a and b are clipped to [0, 1]) and its CI; the gold-side rectifiers are paired by gold sample. */
  diff: number | null;
  diff_ci: [number, number] | null;
}

/**
 * Drift of tag shares between two labeled sets, each corrected by prediction-powered inference. With one
 * configuration for both, the rectifiers cancel in the difference (the labeler's bias is the same on both sides) and
 * only the production sampling error remains; with two, the difference of the rectifiers per gold sample enters the
 * variance: var_A(f)/N_A + var_B(f)/N_B + var_n(r_B − r_A)/n. Pure.
 */
export function calibratedDrift(o: CalibratedDriftOptions): { confidence: number; gold_n: number; dimensions: Array<{ dimension: string; tags: CalibratedDriftTag[] }> } {
  const z = criticalValue(o.confidence ?? 0.95);
  const ids = [...o.gold.keys()].filter((id) => o.goldPredA.has(id) && o.goldPredB.has(id)).sort();
  const n = ids.length;
  const dimensions = o.taxonomy.dimensions.map((dim) => {
    const ca = o.a.counts.get(dim.id) ?? new Map<string, number>();
    const cb = o.b.counts.get(dim.id) ?? new Map<string, number>();
    const y = ids.map((id) => new Set(tagsOf(o.gold.get(id), dim.id)));
    const fa = ids.map((id) => new Set(tagsOf(o.goldPredA.get(id) ?? null, dim.id)));
    const fb = ids.map((id) => new Set(tagsOf(o.goldPredB.get(id) ?? null, dim.id)));
    const tags = [...new Set([...ca.keys(), ...cb.keys(), ...y.flatMap((s) => [...s])])].sort();
    const rows = tags.map((tag): CalibratedDriftTag => {
      if (n < 2 || !o.a.labeled || !o.b.labeled) return { tag, a: null, b: null, diff: null, diff_ci: null };
      const pa = (ca.get(tag) ?? 0) / o.a.labeled;
      const pb = (cb.get(tag) ?? 0) / o.b.labeled;
      const ra = ids.map((_, i) => (fa[i]!.has(tag) ? 1 : 0) - (y[i]!.has(tag) ? 1 : 0));
      const rb = ids.map((_, i) => (fb[i]!.has(tag) ? 1 : 0) - (y[i]!.has(tag) ? 1 : 0));
      const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
      const d = rb.map((x, i) => x - ra[i]!);
      const md = mean(d);
      const varD = d.reduce((s, x) => s + (x - md) ** 2, 0) / (n - 1);
      const a = pa - mean(ra);
      const b = pb - mean(rb);
      const h = z * Math.sqrt((pa * (1 - pa)) / o.a.labeled + (pb * (1 - pb)) / o.b.labeled + varD / n);
      const clip = (x: number) => Math.min(1, Math.max(0, x));
      return { tag, a: clip(a), b: clip(b), diff: b - a, diff_ci: [b - a - h, b - a + h] };
    });
    return { dimension: dim.id, tags: rows };
  });
  return { confidence: o.confidence ?? 0.95, gold_n: n, dimensions };
}
