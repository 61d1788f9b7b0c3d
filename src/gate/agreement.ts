import { sampleAgreement, signFlipTest } from '../score/index.js';
import type { Labels, Taxonomy } from '../taxonomy/index.js';

/** One side of a paired agreement test: labels by gold id, one map per repeat (index = sample_index). */
export type RepeatLabels = ReadonlyArray<ReadonlyMap<string, Labels | null>>;

/** The paired per-sample agreement test of one dimension: current (B) against a reference (A). */
export interface AgreementTest {
  /** Mean per-sample agreement with gold (accuracy; mean Jaccard for multi dimensions), averaged over repeats. */
  reference: number;
  current: number;
  /** current - reference; negative = worse. */
  diff: number;
  /** One-sided p-value of the sign-flip test (H1: current agrees with gold less than the reference). */
  p_value: number;
  /** Samples compared (in gold and labeled on both sides, repeat 0). */
  n: number;
  /** Repeats used per side (the smaller count of the two, so both sides are averages of as many runs). */
  repeats: number;
}

export interface AgreementTestOptions {
  gold: ReadonlyMap<string, Labels>;
  taxonomy: Taxonomy;
  dim: string;
  reference: RepeatLabels;
  current: RepeatLabels;
  /** Random sign assignments when the test is not exact; default 10,000 (p-values down to 1e-4, enough for Holm over ~500 checks at 0.05). */
  resamples?: number;
  seed?: number;
}

/**
 * Paired test on per-sample agreement: for every gold sample both sides labeled, its agreement with gold on `dim`
 * (averaged over the repeats when there are several), and the sign-flip test on the differences. The reference's
 * own run-to-run noise is in the test: two runs of an unchanged configuration differ on the samples the model is
 * unsure of, and those differences are what the null distribution is made of. With repeats on both sides, each
 * sample's agreement is a mean of several runs, which shrinks that noise (both sides use the same number of
 * repeats, so the differences stay symmetric under H0).
 */
export function agreementTest(options: AgreementTestOptions): AgreementTest | null {
  const ref0 = options.reference[0];
  const cur0 = options.current[0];
  if (!ref0 || !cur0) return null;
  const ids = [...options.gold.keys()].filter((id) => ref0.has(id) && cur0.has(id)).sort();
  if (ids.length === 0) return null;
  const repeats = Math.max(1, Math.min(options.reference.length, options.current.length));
  const mean = (side: RepeatLabels, id: string, gold: Labels): number => {
    let sum = 0;
    let k = 0;
    for (let r = 0; r < repeats; r++) {
      const m = side[r];
      if (!m || !m.has(id)) continue;
      sum += sampleAgreement(options.taxonomy, options.dim, gold, m.get(id) ?? null);
      k++;
    }
    return k ? sum / k : 0;
  };
  let a = 0;
  let b = 0;
  const diffs = ids.map((id) => {
    const gold = options.gold.get(id)!;
    const x = mean(options.reference, id, gold);
    const y = mean(options.current, id, gold);
    a += x;
    b += y;
    return y - x;
  });
  return {
    reference: a / ids.length,
    current: b / ids.length,
    diff: (b - a) / ids.length,
    p_value: signFlipTest(diffs, { alternative: 'less', resamples: options.resamples ?? 10_000, seed: options.seed ?? 1 }),
    n: ids.length,
    repeats,
  };
}
