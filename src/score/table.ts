import type { DetectableReport } from './detectable.js';
import Table from 'cli-table3';
import type { PairedReport } from './compare.js';
import type { ScoreReport } from './report.js';

const fmt = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));
const fmtCi = (ci: readonly [number, number] | null | undefined): string => (ci ? `[${fmt(ci[0])}, ${fmt(ci[1])}]` : '');

/** The score report as a text table: one row per dimension, then overall and coverage. No colours (pipes, CI logs). */
export function renderScoreTable(report: ScoreReport): string {
  const t = new Table({
    head: ['dimension', 'kind', 'n', 'headline', 'value', '95% CI', 'accuracy / exact', 'macro F1'],
    style: { head: [], border: [] },
  });
  for (const [id, d] of Object.entries(report.dimensions)) {
    const ci = (d as Record<string, unknown>)[`${d.headline_metric}_ci95`] as [number, number] | null | undefined;
    const acc = d.kind === 'multi' ? d.exact_match : d.accuracy;
    t.push([id, d.kind, String(d.n), d.headline_metric, fmt(d.headline), fmtCi(ci), fmt(acc), fmt(d.macro_f1)]);
  }
  t.push(['overall', '', String(report.n), 'macro mean', fmt(report.overall), fmtCi(report.overall_ci95), '', '']);
  const c = report.coverage;
  const notes = [
    `scored ${report.n} samples; bootstrap ${report.bootstrap.resamples} resamples (seed ${report.bootstrap.seed})`,
    `${c.failed.length} failed (counted as wrong), ${c.gold_only.length} gold-only and ${c.pred_only.length} pred-only ids excluded`,
  ];
  for (const [id, d] of Object.entries(report.dimensions)) if (d.headline_note) notes.push(`${id}: ${d.headline_metric} undefined: ${d.headline_note}`);
  return `${t.toString()}\n${notes.join('\n')}\n`;
}

/** The paired comparison as a text table: A, B, B - A with CI and p-value, McNemar per dimension. */
export function renderCompareTable(report: PairedReport, names: { a: string; b: string }, detectable?: DetectableReport): string {
  const t = new Table({
    head: ['dimension', 'headline', 'A', 'B', 'B - A', '95% CI', 'p (bootstrap)', 'McNemar p (A+/B+)', ...(detectable ? ['detectable drop'] : [])],
    style: { head: [], border: [] },
  });
  for (const [id, d] of Object.entries(report.dimensions)) {
    const m = d.mcnemar;
    const det = detectable ? [fmt(detectable.dimensions[id]?.detectable_drop ?? null)] : [];
    t.push([id, d.headline_metric, fmt(d.a), fmt(d.b), fmt(d.diff), fmtCi(d.diff_ci95), fmt(d.p_value, 4), `${fmt(m.p_value, 4)} (${m.a_only}/${m.b_only})`, ...det]);
  }
  const o = report.overall;
  const m = report.mcnemar_all;
  t.push(['overall', 'macro mean', fmt(o.a), fmt(o.b), fmt(o.diff), fmtCi(o.diff_ci95), fmt(o.p_value, 4), `${fmt(m.p_value, 4)} (${m.a_only}/${m.b_only})`, ...(detectable ? [''] : [])]);
  const ex = report.excluded;
  const notes = [
    `A = ${names.a}, B = ${names.b}; ${report.n} samples in gold, A and B; bootstrap ${report.bootstrap.resamples} paired resamples (seed ${report.bootstrap.seed})`,
    ...(detectable
      ? [`detectable drop: the smallest drop from A the paired test flags with ${Math.round(detectable.power * 100)}% power on these ${detectable.n} samples (A and B's observed discordance as background); a smaller difference cannot be told from noise`]
      : []),
    `excluded: ${ex.missing_in_a.length} missing in A, ${ex.missing_in_b.length} missing in B, ${ex.not_in_gold.length} not in gold; failed: A ${report.failed.a.length}, B ${report.failed.b.length}`,
  ];
  return `${t.toString()}\n${notes.join('\n')}\n`;
}
