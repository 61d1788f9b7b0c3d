import { bootstrap, mulberry32, percentileCi } from '../score/index.js';
import type { CallDimension } from './escalate.js';

/** One gold sample as threshold selection sees it: the first model's confidences and who agreed with gold. */
export interface GoldItem {
  id: string;
  /** The first model's confidence per dimension; null when it failed the sample (then every call is escalated). */
  confidence: Readonly<Record<string, number>> | null;
  /** The first model agrees with gold, per dimension (false when it failed). */
  agree: Readonly<Record<string, boolean>>;
  /** The second model agrees with gold, per dimension: a cascade. Absent: one model (arbitration thresholds). */
  thenAgree?: Readonly<Record<string, boolean>>;
}

export interface ProposeOptions {
  dimensions: readonly CallDimension[];
  /**
   * Agreement with gold a dimension must reach. Cascade: the agreement of the cascade's labels (default: the second
   * model's own agreement on the same samples, i.e. "as good as the strong model"). One model: the agreement of the
   * labels kept above the threshold (default 0.9).
   */
  target?: number;
  /** Folds of the cross-fitting (default 5; at most the number of samples). */
  folds?: number;
  /** Bootstrap resamples of the CIs (default 1000). */
  resamples?: number;
  /** Seed of the fold assignment and the bootstrap (default 1). */
  seed?: number;
}

export interface Estimate {
  value: number | null;
  ci95: [number, number] | null;
}

export interface DimensionProposal {
  /** Chosen on every gold sample: what the proposal locks. */
  threshold: number;
  /** The agreement it had to reach (on all samples). */
  target: number;
  first_agreement: number | null;
  then_agreement: number | null;
  /** Out of fold: cascade agreement, or (one model) agreement of the kept labels. */
  agreement: Estimate;
  /** Out of fold: share of samples whose dimension is low (escalated, or arbitrated). */
  escalation: Estimate;
  /** Out of fold: agreement minus that of routing the same share at random (cascade) / of keeping all (one model). */
  lift: Estimate;
  verdict: 'informative' | 'uninformative' | 'never-low';
}

export interface ThresholdProposal {
  mode: 'cascade' | 'single';
  n: number;
  folds: number;
  resamples: number;
  seed: number;
  /** The target as given; null = the default (second model's agreement, or 0.9). */
  target: number | null;
  /** Per-dimension thresholds to use; null when confidence is uninformative: no saving is proposed. */
  thresholds: Record<string, number> | null;
  /** Thresholds chosen on all gold whatever the verdict (what `thresholds` would have been). */
  fitted: Record<string, number>;
  dimensions: Record<string, DimensionProposal>;
  /** Out of fold, every dimension pooled. */
  agreement: Estimate;
  /** Out of fold: share of calls asked again (cascade: of the second model). */
  escalation: Estimate;
  lift: Estimate;
  first_agreement: number | null;
  then_agreement: number | null;
  /** Lift over random routing with a 95% CI above 0. */
  informative: boolean;
  /** Thresholds are proposed: confidence is informative and not every call is escalated. */
  saving: boolean;
  /** One plain-words sentence. */
  verdict: string;
}

export interface ProposalResult {
  proposal: ThresholdProposal;
  /** Per sample id: the thresholds that decided its escalation, chosen on the other folds only (cross-fitting). */
  outOfFold: Map<string, Record<string, number>>;
}

const DEFAULT_SINGLE_TARGET = 0.9;
const EPS = 1e-12;

/**
 * Choose per-dimension confidence thresholds on gold by K-fold cross-fitting. For each fold, thresholds are chosen
 * on the other folds (per dimension, the lowest one, i.e. the fewest escalations, whose agreement reaches the
 * target; when none does, the one with the highest agreement) and decide that fold's escalations, so no sample's
 * decision uses a threshold chosen on itself. The estimates (agreement, escalation share, lift over routing at
 * random) are those out-of-fold decisions with percentile bootstrap CIs over samples. Confidence is called
 * informative when the pooled lift's CI is above 0; otherwise thresholds would route at random and no saving is
 * proposed (`thresholds: null`). The thresholds proposed are chosen on all samples. Pure and deterministic.
 */
export function proposeThresholds(items: readonly GoldItem[], options: ProposeOptions): ProposalResult {
  const dims = options.dimensions;
  const mode: ThresholdProposal['mode'] = items.length > 0 && items.every((i) => i.thenAgree) ? 'cascade' : 'single';
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 1;
  const folds = Math.max(1, Math.min(options.folds ?? 5, items.length));
  const foldOf = assignFolds(items.length, folds, seed);
  const outOfFold = new Map<string, Record<string, number>>();
  for (let k = 0; k < folds; k++) {
    const train = items.filter((_, i) => foldOf[i] !== k);
    const chosen = chooseAll(train.length ? train : items, dims, mode, options.target);
    items.forEach((item, i) => {
      if (foldOf[i] === k) outOfFold.set(item.id, chosen);
    });
  }
  const fitted = chooseAll(items, dims, mode, options.target);
  const stats = estimate(items, dims, mode, outOfFold, { resamples, seed });
  const dimensions: Record<string, DimensionProposal> = {};
  for (const d of dims) {
    const s = stats.dims[d.id]!;
    const verdict = s.escalation.value === 0 ? 'never-low' : (s.lift.ci95?.[0] ?? 0) > 0 ? 'informative' : 'uninformative';
    dimensions[d.id] = {
      threshold: fitted[d.id]!,
      target: targetOf(items, d.id, mode, options.target),
      first_agreement: mean(items.map((i) => (i.agree[d.id] ? 1 : 0))),
      then_agreement: mode === 'cascade' ? mean(items.map((i) => (i.thenAgree?.[d.id] ? 1 : 0))) : null,
      agreement: s.agreement,
      escalation: s.escalation,
      lift: s.lift,
      verdict,
    };
  }
  const informative = (stats.lift.ci95?.[0] ?? 0) > 0;
  const saving = informative && (stats.escalation.value ?? 1) < 1;
  const firstAgreement = mean(items.flatMap((i) => dims.map((d) => (i.agree[d.id] ? 1 : 0))));
  const thenAgreement = mode === 'cascade' ? mean(items.flatMap((i) => dims.map((d) => (i.thenAgree?.[d.id] ? 1 : 0)))) : null;
  const proposal: ThresholdProposal = {
    mode,
    n: items.length,
    folds,
    resamples,
    seed,
    target: options.target ?? null,
    thresholds: saving ? fitted : null,
    fitted,
    dimensions,
    agreement: stats.agreement,
    escalation: stats.escalation,
    lift: stats.lift,
    first_agreement: firstAgreement,
    then_agreement: thenAgreement,
    informative,
    saving,
    verdict: verdictOf(mode, informative, saving, stats),
  };
  return { proposal, outOfFold };
}

function verdictOf(mode: ThresholdProposal['mode'], informative: boolean, saving: boolean, s: Stats): string {
  const pct = (e: Estimate): string => (e.value === null ? 'n/a' : `${(100 * e.value).toFixed(1)}%`);
  const ci = (e: Estimate): string => (e.ci95 ? ` [${e.ci95[0].toFixed(3)}, ${e.ci95[1].toFixed(3)}]` : '');
  const lift = `lift ${s.lift.value === null ? 'n/a' : s.lift.value.toFixed(3)}${ci(s.lift)}`;
  if (!informative) {
    return mode === 'cascade'
      ? `confidence uninformative (${lift} over routing the same share at random): no cascade saving proposed; thresholds would send calls to the second model at random`
      : `confidence uninformative (${lift} over keeping every label): no thresholds proposed; arbitration would re-ask at random`;
  }
  if (!saving) return `confidence informative (${lift}) but reaching the target escalates every call: no saving proposed`;
  return mode === 'cascade'
    ? `confidence informative (${lift}): ${pct(s.escalation)} of calls escalated for agreement ${s.agreement.value?.toFixed(3)}${ci(s.agreement)}`
    : `confidence informative (${lift}): ${pct(s.escalation)} of calls re-asked; kept labels agree ${s.agreement.value?.toFixed(3)}${ci(s.agreement)}`;
}

/** Fold of each item: a seeded shuffle of the indices dealt round-robin, so folds differ in size by at most one. */
function assignFolds(n: number, folds: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const rand = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out = new Array<number>(n);
  order.forEach((item, pos) => (out[item] = pos % folds));
  return out;
}

function targetOf(items: readonly GoldItem[], dim: string, mode: ThresholdProposal['mode'], target: number | undefined): number {
  if (target !== undefined) return target;
  if (mode === 'single') return DEFAULT_SINGLE_TARGET;
  return mean(items.map((i) => (i.thenAgree?.[dim] ? 1 : 0))) ?? 1;
}

function chooseAll(items: readonly GoldItem[], dims: readonly CallDimension[], mode: ThresholdProposal['mode'], target: number | undefined): Record<string, number> {
  return Object.fromEntries(dims.map((d) => [d.id, chooseThreshold(items, d.id, mode, targetOf(items, d.id, mode, target))]));
}

/**
 * One dimension's threshold on these items: the lowest candidate (0, then each confidence seen) whose agreement
 * reaches the target; when none does, the candidate with the highest agreement (the lowest of equals).
 */
export function chooseThreshold(items: readonly GoldItem[], dim: string, mode: ThresholdProposal['mode'], target: number): number {
  const candidates = [...new Set([0, ...items.flatMap((i) => (i.confidence ? [i.confidence[dim] ?? 0] : []))])].sort((a, b) => a - b);
  let best = { t: 0, agreement: -Infinity };
  for (const t of candidates) {
    const a = agreementAt(items, dim, mode, t);
    if (a === null) continue;
    if (a >= target - EPS) return t;
    if (a > best.agreement + EPS) best = { t, agreement: a };
  }
  return best.t;
}

function isLow(item: GoldItem, dim: string, t: number): boolean {
  return item.confidence === null || (item.confidence[dim] ?? 0) < t;
}

/** Cascade: agreement of the combined labels; one model: of the labels kept (null when none is kept). */
function agreementAt(items: readonly GoldItem[], dim: string, mode: ThresholdProposal['mode'], t: number): number | null {
  let sum = 0;
  let n = 0;
  for (const item of items) {
    const low = isLow(item, dim, t);
    if (mode === 'cascade') {
      sum += (low ? item.thenAgree?.[dim] : item.agree[dim]) ? 1 : 0;
      n++;
    } else if (!low) {
      sum += item.agree[dim] ? 1 : 0;
      n++;
    }
  }
  return n ? sum / n : null;
}

interface Stats {
  agreement: Estimate;
  escalation: Estimate;
  lift: Estimate;
  dims: Record<string, { agreement: Estimate; escalation: Estimate; lift: Estimate }>;
}

/**
 * Out-of-fold estimates and their bootstrap CIs. Per item and dimension: low (escalated), the agreement of the
 * label used, and the agreement routing at random would give at the dimension's out-of-fold escalation share (or,
 * one model, the agreement of every label). Ratios are resampled as ratios of weighted sums.
 */
function estimate(items: readonly GoldItem[], dims: readonly CallDimension[], mode: ThresholdProposal['mode'], oof: Map<string, Record<string, number>>, b: { resamples: number; seed: number }): Stats {
  const n = items.length;
  const D = dims.length;
  // Per item x dimension: low, used-label agreement, baseline agreement.
  const low = new Float64Array(n * D);
  const used = new Float64Array(n * D);
  const kept = new Float64Array(n * D);
  const escalatedCalls = new Float64Array(n);
  items.forEach((item, i) => {
    const th = oof.get(item.id) ?? {};
    const calls = new Set<string>();
    dims.forEach((d, j) => {
      const l = isLow(item, d.id, th[d.id] ?? 0);
      low[i * D + j] = l ? 1 : 0;
      if (l) calls.add(d.call);
      const a = item.agree[d.id] ? 1 : 0;
      used[i * D + j] = mode === 'cascade' ? (l ? (item.thenAgree?.[d.id] ? 1 : 0) : a) : a;
      kept[i * D + j] = l ? 0 : 1;
    });
    escalatedCalls[i] = item.confidence === null ? new Set(dims.map((d) => d.call)).size : calls.size;
  });
  const callsPerItem = new Set(dims.map((d) => d.call)).size;
  const share = dims.map((_, j) => sum(n, (i) => low[i * D + j]!) / Math.max(1, n));
  const base = new Float64Array(n * D);
  items.forEach((item, i) =>
    dims.forEach((d, j) => {
      const a = item.agree[d.id] ? 1 : 0;
      base[i * D + j] = mode === 'cascade' ? (1 - share[j]!) * a + share[j]! * (item.thenAgree?.[d.id] ? 1 : 0) : a;
    }),
  );

  const w1 = new Int32Array(n).fill(1);
  const colsAll = dims.map((_, j) => j);
  /** Weighted mean of `values` over the resampled items and `cols`, counting only cells `mask` keeps (all without one). */
  const meanOf =
    (values: Float64Array, mask: Float64Array | null) =>
    (w: Int32Array, cols: number[]): number | null => {
      let s = 0;
      let m = 0;
      for (let i = 0; i < n; i++) {
        if (!w[i]) continue;
        for (const j of cols) {
          const k = i * D + j;
          if (mask && !mask[k]) continue;
          s += w[i]! * values[k]!;
          m += w[i]!;
        }
      }
      return m ? s / m : null;
    };
  // A cascade answers every cell (the second model's label where low); one model scores the labels it keeps.
  const agreementOf = meanOf(used, mode === 'cascade' ? null : kept);
  const baseOf = meanOf(base, null);
  const liftOf = (w: Int32Array, cols: number[]): number | null => {
    const a = agreementOf(w, cols);
    const r = baseOf(w, cols);
    return a === null || r === null ? null : a - r;
  };
  const lowShareOf = (w: Int32Array, j: number): number | null => {
    let s = 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      s += w[i]! * low[i * D + j]!;
      m += w[i]!;
    }
    return m ? s / m : null;
  };
  const callShareOf = (w: Int32Array): number | null => {
    let s = 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      s += w[i]! * escalatedCalls[i]!;
      m += w[i]! * callsPerItem;
    }
    return m ? s / m : null;
  };

  const fns: Array<(w: Int32Array) => number | null> = [(w) => agreementOf(w, colsAll), callShareOf, (w) => liftOf(w, colsAll)];
  dims.forEach((_, j) => fns.push((w) => agreementOf(w, [j]), (w) => lowShareOf(w, j), (w) => liftOf(w, [j])));
  const draws = n > 0 && b.resamples > 0 ? bootstrap({ n, resamples: b.resamples, seed: b.seed }, fns) : fns.map(() => []);
  const est = (k: number): Estimate => ({ value: fns[k]!(w1), ci95: percentileCi(draws[k]!, b.resamples) });
  const dimsOut: Stats['dims'] = {};
  dims.forEach((d, j) => (dimsOut[d.id] = { agreement: est(3 + 3 * j), escalation: est(4 + 3 * j), lift: est(5 + 3 * j) }));
  return { agreement: est(0), escalation: est(1), lift: est(2), dims: dimsOut };
}

function sum(n: number, f: (i: number) => number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += f(i);
  return s;
}

function mean(xs: readonly number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}
