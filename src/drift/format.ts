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
