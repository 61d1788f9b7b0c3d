import { z } from 'zod';
import { adjustPValues, CORRECTIONS, type Correction } from './multiplicity.js';

/**
 * The ranking of a run's configurations by overall score (macro mean of the dimension headlines), with the
 * uncertainty said: the best point estimate is compared with every other configuration (paired bootstrap on the same
 * gold samples), the p-values Holm-adjusted over those comparisons, and every configuration the data cannot tell
 * from the best is named as tied with it. "Best" alone would crown a coin toss (0.663 vs 0.661, p = 0.94).
 */
export const RankingSchema = z.object({
  method: z.literal('each-vs-best').describe('every configuration compared with the best point estimate'),
  correction: z.enum(CORRECTIONS),
  alpha: z.number().describe('a difference with adjusted p below this is significant'),
  best: z.string().nullable().describe('highest overall point estimate (null: no configuration has an overall score)'),
  tied: z.array(z.string()).describe('the best and every configuration not significantly worse than it, best first'),
  entries: z.array(
    z.object({
      config: z.string(),
      overall: z.number().nullable(),
      rank: z.int().positive(),
      diff_vs_best: z.number().nullable().describe('overall - best overall (<= 0)'),
      p_value: z.number().nullable().describe('paired bootstrap p-value of the difference (two-sided)'),
      p_adjusted: z.number().nullable(),
      tied_with_best: z.boolean(),
    }),
  ),
});
export type Ranking = z.infer<typeof RankingSchema>;

export interface RankOptions {
  configs: ReadonlyArray<{ config: string; overall: number | null }>;
  /** The paired comparison of `other` with `best` on overall (diff = other - best), or null when it is undefined. */
  vsBest: (best: string, other: string) => { diff: number | null; p_value: number | null } | null;
  /** Default holm. */
  correction?: Correction;
  /** Default 0.05. */
  alpha?: number;
}

/**
 * Rank by overall (higher first; null last; equal scores by name). Pure apart from `vsBest`. A configuration whose
 * comparison is undefined (no p-value) counts as tied: nothing shows it is worse.
 */
export function rankAgainstBest(options: RankOptions): Ranking {
  const correction = options.correction ?? 'holm';
  const alpha = options.alpha ?? 0.05;
  const sorted = [...options.configs].sort((a, b) => {
    const x = a.overall ?? -Infinity;
    const y = b.overall ?? -Infinity;
    return x !== y ? y - x : a.config < b.config ? -1 : a.config > b.config ? 1 : 0;
  });
  const best = sorted[0] && sorted[0].overall !== null ? sorted[0].config : null;
  const compared = sorted.map((c) => (best === null || c.config === best || c.overall === null ? null : options.vsBest(best, c.config)));
  const adjusted = adjustPValues(compared.map((c) => c?.p_value ?? null), correction);
  const entries = sorted.map((c, i) => {
    const cmp = compared[i];
    const isBest = c.config === best;
    const tied = best !== null && c.overall !== null && (isBest || adjusted[i] === null || adjusted[i]! >= alpha);
    return {
      config: c.config,
      overall: c.overall,
      rank: i + 1,
      diff_vs_best: isBest ? 0 : (cmp?.diff ?? null),
      p_value: cmp?.p_value ?? null,
      p_adjusted: adjusted[i] ?? null,
      tied_with_best: tied,
    };
  });
  return { method: 'each-vs-best', correction, alpha, best, tied: entries.filter((e) => e.tied_with_best).map((e) => e.config), entries };
}

/**
 * One sentence naming the winner and what it is tied with, e.g. `claude__v1 and claude__v2 are tied (p = 0.94,
 * Holm-adjusted): the data cannot tell them apart` or `best: claude__v2, significantly ahead of every other
 * configuration`. The report (Markdown, HTML, terminal) and promote say the same.
 */
export function describeRanking(r: Ranking): string {
  if (r.best === null) return 'no configuration has an overall score';
  const others = r.entries.filter((e) => e.tied_with_best && e.config !== r.best);
  const ranked = r.entries.filter((e) => e.overall !== null).length;
  if (ranked < 2) return `best: ${r.best} (the only configuration with an overall score)`;
  if (!others.length) return `best: ${r.best}, significantly ahead of every other configuration (paired bootstrap, ${r.correction === 'none' ? 'unadjusted' : `${r.correction === 'holm' ? 'Holm' : 'BH'}-adjusted`} p < ${r.alpha})`;
  const ps = others.map((e) => (e.p_adjusted === null ? 'p undefined' : `p = ${fmtP(e.p_adjusted)}`));
  const names = [r.best, ...others.map((e) => e.config)];
  const list = names.length === 2 ? `${names[0]} and ${names[1]}` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const adj = r.correction === 'none' ? '' : `, ${r.correction === 'holm' ? 'Holm' : 'BH'}-adjusted`;
  return `${list} are tied (${ps.join(', ')}${adj}): the data cannot tell them apart; ${r.best} has the highest point estimate`;
}

/** A p-value for people: 3 significant digits, small ones in exponent form (the gate and the ranking print it so). */
export function fmtP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : String(Number(p.toPrecision(3)));
}
