import { mulberry32 } from '../util/prng.js';

/** One labeled record as the selection sees it. */
export interface ReviewCandidate {
  /** Position in the input (the key rows are matched by on the second read). */
  index: number;
  id: string;
  /** Labeling failed (labels null): nothing to check, only eligible for the random share. */
  failed: boolean;
  /** Confidence per dimension used for ranking (calibrated when a calibration was given). */
  confidence: Readonly<Record<string, number>>;
}

export interface ReviewSelectOptions {
  /** Rows to pick (N). */
  budget: number;
  /** Share of N drawn uniformly at random from every record (default 0.2). */
  randomShare?: number;
  /** Seed of the random draw (default 1). */
  seed?: number;
  /** Dimensions below this confidence are listed to check (default: the arbitration threshold, 0.65). */
  lookBelow: number;
  /** Dimension ids in taxonomy order. */
  dims: readonly string[];
}

export interface ReviewPick {
  index: number;
  id: string;
  selection: 'low-confidence' | 'random';
  /** The record's lowest confidence (null: failed or no confidence). */
  priority: number | null;
  /** Dimensions to look at: the low-confidence ones, or every dimension for a random (audit) row. */
  check: string[];
}

export const REVIEW_DEFAULTS = { randomShare: 0.2, seed: 1 } as const;

/**
 * Pick the N records a person should check. First round(N x randomShare) records are drawn uniformly at random from
 * all of them (seeded, without replacement): the audit part, an unbiased sample of the whole output, whose rows are
 * checked on every dimension. Then the rest of the budget goes to the labeled records not drawn, lowest confidence
 * first: a record's priority is its lowest dimension confidence (ties: lower mean confidence, then id); it is
 * checked on the dimensions below `lookBelow`, or on its least confident one(s) when none is below. Failed records
 * and records without any confidence are never in the low-confidence part. Pure and deterministic.
 */
export function selectForReview(candidates: readonly ReviewCandidate[], opts: ReviewSelectOptions): ReviewPick[] {
  const budget = Math.max(0, Math.floor(opts.budget));
  const share = opts.randomShare ?? REVIEW_DEFAULTS.randomShare;
  if (!(share >= 0 && share <= 1)) throw new RangeError(`random share must be in [0, 1], got ${share}`);
  const nRandom = Math.min(candidates.length, Math.round(budget * share));
  // Partial Fisher-Yates over positions: the first nRandom are a uniform draw without replacement.
  const rand = mulberry32(opts.seed ?? REVIEW_DEFAULTS.seed);
  const order = candidates.map((_, i) => i);
  for (let i = 0; i < nRandom; i++) {
    const j = i + Math.floor(rand() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const drawn = new Set(order.slice(0, nRandom));
  const stats = (c: ReviewCandidate) => {
    const values = opts.dims.map((d) => c.confidence[d]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    return values.length ? { min: Math.min(...values), mean: values.reduce((a, b) => a + b, 0) / values.length } : null;
  };
  const ranked = candidates
    .map((c, pos) => ({ c, pos, s: c.failed || drawn.has(pos) ? null : stats(c) }))
    .filter((r): r is typeof r & { s: { min: number; mean: number } } => r.s !== null)
    .sort((a, b) => a.s.min - b.s.min || a.s.mean - b.s.mean || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : a.pos - b.pos))
    .slice(0, budget - nRandom);
  const low: ReviewPick[] = ranked.map(({ c, s }) => {
    const below = opts.dims.filter((d) => c.confidence[d] !== undefined && c.confidence[d]! < opts.lookBelow);
    const check = below.length ? below : opts.dims.filter((d) => c.confidence[d] === s.min);
    return { index: c.index, id: c.id, selection: 'low-confidence', priority: s.min, check };
  });
  const random: ReviewPick[] = order.slice(0, nRandom).map((pos) => {
    const c = candidates[pos]!;
    return { index: c.index, id: c.id, selection: 'random', priority: c.failed ? null : (stats(c)?.min ?? null), check: [...opts.dims] };
  });
  return [...low, ...random];
}
