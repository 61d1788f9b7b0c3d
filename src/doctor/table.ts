import { isUsable, type DoctorRow } from './probe.js';

const yes = (b: boolean): string => (b ? 'yes' : 'NO');

/** The doctor table: one line per configuration, then one line per problem. Pure. */
export function renderDoctorTable(rows: readonly DoctorRow[]): string {
  const header = ['configuration', 'endpoint', 'accepted', 'parsed', 'tags valid', 'cached tok (2nd)', 'served model', 'reasoning tok', 'latency', 'cost'];
  const cells = rows.map((r) => [
    r.name,
    r.host ?? '-',
    yes(r.accepted),
    r.accepted ? yes(r.parsed) : '-',
    r.parsed ? yes(r.tagsValid) : '-',
    String(r.cachedTokens),
    r.servedModel ?? '-',
    String(r.reasoningTokens),
    `${(r.latencyMs / 1000).toFixed(1)} s`,
    r.costUsd === null ? 'unknown' : `$${r.costUsd.toFixed(5)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
  const problems = rows.filter((r) => r.problem);
  if (problems.length) out.push('', ...problems.map((r) => `${r.name}: ${isUsable(r) ? 'note' : 'UNUSABLE'}: ${r.problem}`));
  const bad = rows.filter((r) => !isUsable(r)).length;
  out.push('', bad ? `${bad} of ${rows.length} configuration(s) unusable` : `all ${rows.length} configuration(s) usable`);
  return `${out.join('\n')}\n`;
}
