import { tagsOf, type Dimension, type Labels, type Taxonomy } from '../taxonomy/index.js';
import { buildDimension, kindOf } from './dimension.js';
import { minDetectableDrop, samplesNeeded, type DetectableDesign } from './power.js';
import { selectDimensions } from './score-labels.js';

/**
 * What a gold set can detect, per dimension: the smallest drop of the headline metric that the gate's paired test
 * (paired bootstrap CI below 0) flags with 80% power, from the labels themselves.
 *
 * Model of a drop: items the reference labels exactly right turn wrong (`degradeLabel`: the most frequent other
 * category, one ordinal level off, or one tag swapped for a frequent wrong one), each independently; plus background
 * discordance, items that differ between the two label sets both ways (the observed share of items whose exact
 * correctness differs). Each item i that can turn wrong has its own effect on the headline, δ_i = n·(H - H with i
 * wrong) (kappa's chance term, MASI's partial credit); power.ts works with the single effect e = m2/m1 and rate
 * scaled by m1²/m2, which keeps the mean and the variance of the per-item differences.
 */
export interface DetectableDimension {
  headline_metric: string;
  /** Items compared. */
  n: number;
  /** Minimum detectable drop of the headline at the target power; null with `note` when none is detectable. */
  detectable_drop: number | null;
  /** Share of items whose exact correctness differs between reference and other (0 without other). */
  discordance: number;
  /** Share of items the reference labels exactly right (the ones that can turn wrong). */
  right: number;
  /** Gold samples needed to detect `target_drop` (when asked), null when out of reach. */
  samples_needed?: number | null;
  target_drop?: number;
  note?: string;
}

export interface DetectableOptions {
  gold: ReadonlyMap<string, Labels>;
  /** The labels a drop is measured from (the baseline, or configuration A). */
  reference: ReadonlyMap<string, Labels | null>;
  /** The other side of the comparison, for the observed discordance; none = no background (a replay). */
  other?: ReadonlyMap<string, Labels | null>;
  taxonomy: Taxonomy;
  dims?: readonly string[];
  /** CI level of the paired test, default 0.95. */
  confidence?: number;
  /** Default 0.8. */
  power?: number;
  /** Per dimension, a drop to compute the gold samples needed for (the gate's max_drop). */
  targetDrop?: (dim: string) => number | undefined;
}

export interface DetectableReport {
  confidence: number;
  power: number;
  n: number;
  dimensions: Record<string, DetectableDimension>;
}

/** Minimum detectable drop per dimension (and the samples a target drop needs). Pure. */
export function detectableDrops(o: DetectableOptions): DetectableReport {
  const confidence = o.confidence ?? 0.95;
  const power = o.power ?? 0.8;
  const ids = [...o.gold.keys()].filter((id) => o.reference.has(id) && (!o.other || o.other.has(id))).sort();
  const dimensions: Record<string, DetectableDimension> = {};
  for (const dim of selectDimensions(o.taxonomy, o.dims)) {
    const design = dimensionDesign(dim, o, ids);
    const target = o.targetDrop?.(dim.id);
    const base = { headline_metric: design.headline_metric, n: ids.length, discordance: design.discordance, right: design.right };
    if (!design.design) {
      dimensions[dim.id] = { ...base, detectable_drop: null, note: design.note, ...(target !== undefined ? { target_drop: target, samples_needed: null } : {}) };
      continue;
    }
    const drop = minDetectableDrop({ ...design.design, confidence, power });
    const out: DetectableDimension = { ...base, detectable_drop: drop };
    if (drop === null) out.note = `no drop is detectable with ${ids.length} item(s) at ${Math.round(power * 100)}% power`;
    if (target !== undefined) {
      out.target_drop = target;
      out.samples_needed = samplesNeeded({ ...design.design, confidence, power }, target);
    }
    dimensions[dim.id] = out;
  }
  return { confidence, power, n: ids.length, dimensions };
}

interface DimensionDesign {
  headline_metric: string;
  discordance: number;
  right: number;
  design: DetectableDesign | null;
  note?: string;
}

function dimensionDesign(dim: Dimension, o: DetectableOptions, ids: readonly string[]): DimensionDesign {
  const n = ids.length;
  const gold = ids.map((id) => o.gold.get(id)!);
  const ref = ids.map((id) => o.reference.get(id) ?? null);
  const degraded = ref.map((r, i) => degradeLabel(dim, o.taxonomy, gold[i]!, r, ref));
  // 2n items: the reference, then each item's degraded copy; weights pick which copy counts.
  const scorer = buildDimension(dim, o.taxonomy, [...gold, ...gold], [...ref, ...degraded]);
  const exactRef = scorer.exact.subarray(0, n);
  let discordance = 0;
  if (o.other) {
    const otherScorer = buildDimension(dim, o.taxonomy, gold, ids.map((id) => o.other!.get(id) ?? null));
    for (let i = 0; i < n; i++) if (exactRef[i] !== otherScorer.exact[i]) discordance++;
    discordance /= Math.max(1, n);
  }
  const rightIdx = [...Array(n).keys()].filter((i) => exactRef[i] === 1 && degraded[i] !== ref[i]);
  const out = { headline_metric: scorer.headlineMetric, discordance, right: n ? rightIdx.length / n : 0 };
  if (!n) return { ...out, design: null, note: 'no items to compare' };
  const w = new Int32Array(2 * n);
  w.fill(1, 0, n);
  const h0 = scorer.headline(w).value;
  if (h0 === null) return { ...out, design: null, note: `${scorer.headlineMetric} is undefined on these labels` };
  if (!rightIdx.length) return { ...out, design: null, note: 'no item is labeled exactly right: nothing can drop' };
  let m1 = 0;
  let m2 = 0;
  for (const i of rightIdx) {
    w[i] = 0;
    w[n + i] = 1;
    const h = scorer.headline(w).value;
    w[i] = 1;
    w[n + i] = 0;
    const effect = h === null ? 0 : n * (h0 - h);
    m1 += effect;
    m2 += effect * effect;
  }
  m1 /= rightIdx.length;
  m2 /= rightIdx.length;
  if (!(m1 > 0) || !(m2 > 0)) return { ...out, design: null, note: `an item turning wrong does not lower ${scorer.headlineMetric} here` };
  const scale = (m1 * m1) / m2;
  return { ...out, design: { n, effect: m2 / m1, background: discordance * scale, maxRate: out.right * scale } };
}

/**
 * A wrong answer for an item, the kind a regression produces: single -> the most frequent other category among the
 * labels, ordinal -> one level towards the middle, multi -> one gold tag swapped for the most frequent tag not in
 * gold. Returns the labels unchanged when the item is not exactly right (it cannot turn wrong).
 */
export function degradeLabel(dim: Dimension, taxonomy: Taxonomy, gold: Labels, pred: Labels | null, all: readonly (Labels | null)[]): Labels | null {
  if (!pred) return pred;
  const g = [...tagsOf(gold, dim.id)].sort();
  const p = [...tagsOf(pred, dim.id)].sort();
  if (g.length === 0 || g.join('\u0000') !== p.join('\u0000')) return pred;
  const freq = new Map<string, number>();
  for (const l of all) for (const t of tagsOf(l, dim.id)) freq.set(t, (freq.get(t) ?? 0) + 1);
  const pool = dim.tags.map((t) => t.id);
  const mostFrequentNotIn = (exclude: readonly string[]): string | undefined =>
    pool.filter((t) => !exclude.includes(t)).sort((a, b) => (freq.get(b) ?? 0) - (freq.get(a) ?? 0) || pool.indexOf(a) - pool.indexOf(b))[0];
  const kind = kindOf(dim);
  if (kind === 'ordinal') {
    const levels = taxonomy.ordinalLevels.get(dim.id) ?? pool;
    const i = levels.indexOf(g[0]!);
    if (i < 0 || levels.length < 2) return pred;
    const j = i < (levels.length - 1) / 2 ? i + 1 : i - 1;
    return { ...pred, [dim.id]: levels[j]! };
  }
  const wrong = mostFrequentNotIn(g);
  if (!wrong) return pred;
  if (kind === 'single') return { ...pred, [dim.id]: wrong };
  return { ...pred, [dim.id]: [...g.slice(0, -1), wrong] };
}
