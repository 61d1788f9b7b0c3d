import { gammaln } from 'simple-statistics';

/**
 * Power of the paired test the CI gate uses, from counts. Pure math; `detectable.ts` turns labels into its inputs.
 *
 * The gate flags a drop when the paired bootstrap CI of (current - baseline) lies below 0. Per item the paired
 * difference is d_i = -e (the item got worse), +e (it got better) or 0; a percentile bootstrap of the mean of d is,
 * to first order, the Wald interval mean ± z·sd/√n with the plug-in sd. With b items worse and c better out of n the
 * test therefore flags a drop iff
 *
 *     (b - c) > z · sqrt(b + c - (b - c)² / n)
 *
 * and e cancels. Unlike the textbook normal power formula this keeps the sd estimated from the same data, which is
 * what makes a bootstrap with few discordant items more powerful than the formula says (4 items worse and none better
 * out of 108 is already significant). The power is summed exactly over b ~ Binomial(n, down) and c ~ Binomial(n, up).
 */

export interface PairedPowerOptions {
  /** Items compared. */
  n: number;
  /** Per-item probability of getting worse (the drop plus half the background discordance). */
  down: number;
  /** Per-item probability of getting better (half the background discordance). */
  up: number;
  /** One-sided critical value: probit(1 - (1 - confidence) / 2) for the gate's two-sided CI. */
  z: number;
}

/** Critical value of a two-sided CI at `confidence` (0.95 -> 1.959964). */
export function criticalValue(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2);
}

/**
 * Standard normal quantile, Acklam's rational approximation (relative error < 1.2e-9). simple-statistics' probit is
 * accurate to ~1e-3 only (1.9572 for 0.975), too coarse for interval tests.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** True when the paired test flags a drop with b items worse and c better out of n. */
export function flagsDrop(b: number, c: number, n: number, z: number): boolean {
  const diff = b - c;
  if (diff <= 0) return false;
  return diff > z * Math.sqrt(Math.max(0, b + c - (diff * diff) / n));
}

/** P(the paired test flags a drop), exact over independent binomial counts of worse and better items. */
export function pairedDropPower(o: PairedPowerOptions): number {
  const bs = binomialSupport(o.n, o.down);
  const cs = binomialSupport(o.n, o.up);
  let p = 0;
  for (const [b, pb] of bs) {
    for (const [c, pc] of cs) {
      if (flagsDrop(b, c, o.n, o.z)) p += pb * pc;
    }
  }
  return Math.min(1, p);
}

export interface DetectableDesign {
  /** Items compared (the gold samples). */
  n: number;
  /** Headline change of one item turning wrong, averaged as m2/m1 over the items that can turn wrong (see detectable.ts). */
  effect: number;
  /** Background discordance per item in effect units: items that differ both ways for reasons other than the drop. */
  background: number;
  /** Largest rate of wrong-turning items possible (every item that is right turns wrong), in effect units. */
  maxRate: number;
  /** Level of the gate's CI, default 0.95. */
  confidence?: number;
  /** Target power, default 0.8. */
  power?: number;
}

/**
 * The smallest expected headline drop the paired test flags with the target power, or null when even every right
 * item turning wrong would not reach it (too few items). Bisection over the rate of items turning wrong; the drop is
 * rate x effect.
 */
export function minDetectableDrop(d: DetectableDesign): number | null {
  const z = criticalValue(d.confidence ?? 0.95);
  const target = d.power ?? 0.8;
  const half = d.background / 2;
  const pw = (rate: number) => pairedDropPower({ n: d.n, down: Math.min(1, rate + half), up: half, z });
  if (d.n <= 0 || d.maxRate <= 0 || !(d.effect > 0) || pw(d.maxRate) < target) return null;
  let lo = 0;
  let hi = d.maxRate;
  for (let i = 0; i < 40 && hi - lo > 1e-7; i++) {
    const mid = (lo + hi) / 2;
    if (pw(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi * d.effect;
}

/**
 * Gold samples needed for the minimum detectable drop to reach `drop` (same items, same per-item effect and
 * background): the smallest n with minDetectableDrop <= drop, by doubling then bisection. Null above `limit`.
 */
export function samplesNeeded(d: Omit<DetectableDesign, 'n'>, drop: number, limit = 1_000_000): number | null {
  if (!(drop > 0) || !(d.effect > 0) || d.maxRate <= 0) return null;
  const ok = (n: number) => {
    const m = minDetectableDrop({ ...d, n });
    return m !== null && m <= drop;
  };
  let hi = 8;
  while (!ok(hi)) {
    hi *= 2;
    if (hi > limit) return null;
  }
  let lo = hi / 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** [k, P(X = k)] for X ~ Binomial(n, p) over the range holding all but ~1e-12 of the mass. */
function binomialSupport(n: number, p: number): Array<[number, number]> {
  if (p <= 0) return [[0, 1]];
  if (p >= 1) return [[n, 1]];
  const mean = n * p;
  const sd = Math.sqrt(n * p * (1 - p));
  const lo = Math.max(0, Math.floor(mean - 8 * sd - 8));
  const hi = Math.min(n, Math.ceil(mean + 8 * sd + 8));
  const logC = gammaln(n + 1);
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  const out: Array<[number, number]> = [];
  for (let k = lo; k <= hi; k++) {
    const pr = Math.exp(logC - gammaln(k + 1) - gammaln(n - k + 1) + k * lp + (n - k) * lq);
    if (pr > 1e-14) out.push([k, pr]);
  }
  return out;
}
