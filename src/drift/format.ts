import type { DriftReport } from './drift.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The drift report as a plain-text table, one line per dimension, then appeared/vanished tags and top shifts. */
export function formatDrift(report: DriftReport): string {
  const lines = [
    `drift: A ${report.a.file} (${report.a.labeled}/${report.a.records} labeled) vs B ${report.b.file} (${report.b.labeled}/${report.b.records} labeled)`,
    `chi-square cells with expected count < ${report.min_expected} are pooled; multi dimensions count tag occurrences`,
    '',
    `${'dimension'.padEnd(12)} ${'n A'.padStart(7)} ${'n B'.padStart(7)} ${'TVD'.padStart(6)} ${'chi2'.padStart(9)} ${'df'.padStart(3)} ${'p'.padStart(9)}`,
  ];
  for (const [dim, d] of Object.entries(report.dimensions)) {
    const chi = d.chi_square;
    lines.push(
      `${dim.padEnd(12)} ${String(d.n_a).padStart(7)} ${String(d.n_b).padStart(7)} ${(d.tvd === null ? '-' : d.tvd.toFixed(3)).padStart(6)} ` +
        `${(chi ? chi.statistic.toFixed(2) : '-').padStart(9)} ${(chi ? String(chi.df) : '-').padStart(3)} ${(chi ? chi.p_value.toPrecision(3) : '-').padStart(9)}`,
    );
  }
  lines.push('');
  for (const [dim, d] of Object.entries(report.dimensions)) {
    const notes: string[] = [];
    if (d.appeared.length) notes.push(`appeared: ${d.appeared.join(', ')}`);
    if (d.vanished.length) notes.push(`vanished: ${d.vanished.join(', ')}`);
    const top = d.top_shifts.filter((s) => s.diff !== 0).slice(0, 3);
    if (top.length) notes.push(`largest shifts: ${top.map((s) => `${s.tag} ${pct(s.a)} -> ${pct(s.b)}`).join('; ')}`);
    if (notes.length) lines.push(`${dim}: ${notes.join(' | ')}`);
  }
  return lines.join('\n');
}

/** `drift --calibrate-with`: per dimension, the tags with the largest corrected shift, with its CI. */
export function formatCalibratedDrift(c: { with: string[]; confidence: number; gold_n: number; dimensions: Array<{ dimension: string; tags: Array<{ tag: string; a: number | null; b: number | null; diff: number | null; diff_ci: [number, number] | null }> }> }): string {
  const lines = ['', `prediction-powered shares (corrected with ${c.with.join(' and ')}, ${c.gold_n} gold samples; ${Math.round(c.confidence * 100)}% CI of B - A):`];
  for (const d of c.dimensions) {
    const top = d.tags.filter((t) => t.diff !== null).sort((x, y) => Math.abs(y.diff!) - Math.abs(x.diff!)).slice(0, 3);
    if (!top.length) continue;
    lines.push(`  ${d.dimension}: ${top.map((t) => `${t.tag} ${pct(t.a!)} -> ${pct(t.b!)} (${t.diff! >= 0 ? '+' : ''}${(t.diff! * 100).toFixed(1)} pp [${(t.diff_ci![0] * 100).toFixed(1)}, ${(t.diff_ci![1] * 100).toFixed(1)}]${t.diff_ci![0] > 0 || t.diff_ci![1] < 0 ? ' *' : ''})`).join('; ')}`);
  }
  lines.push('  * the corrected shift\'s CI excludes 0');
  return `${lines.join('\n')}\n`;
}
