import Table from 'cli-table3';
import { describeRanking } from '../score/index.js';
import type { ReportModel } from './model.js';
import { summaryRows, type SummaryCell } from './summary.js';

const cellText = (c: SummaryCell): string => `${c.value}${c.sig === 'up' ? ' ▲' : c.sig === 'down' ? ' ▼' : ''}${c.best ? ' *' : ''}`;

/**
 * The comparison for a terminal: one row per dimension, one column per configuration (configurations are fewer
 * than dimensions, so this fits 80 columns more often), then overall, cost and rates. No colours (CI logs).
 */
export function renderTerminalSummary(model: ReportModel): string {
  const rows = summaryRows(model);
  const t = new Table({ head: ['dimension', ...rows.map((r) => (r.baseline ? `${r.config} (base)` : r.config))], style: { head: [], border: [] } });
  model.dimensions.forEach((d, i) => t.push([`${d.id} (${d.headlineMetric})`, ...rows.map((r) => cellText(r.cells[i]!))]));
  t.push(['overall', ...rows.map((r) => cellText(r.overall))]);
  t.push(['cost / sample', ...rows.map((r) => r.costPerSample)]);
  t.push(['latency p50 / p95', ...rows.map((r) => `${r.latencyP50} / ${r.latencyP95}`)]);
  if (rows.some((r) => r.failure)) t.push(['status', ...rows.map((r) => (r.failure ? 'FAILED' : 'ok'))]);
  t.push(['failed / unmapped / arbitrated', ...rows.map((r) => `${r.failureRate} / ${r.unmappedRate} / ${r.arbitrationRate}`)]);
  const legend = `* best in row; ▲/▼ significantly better/worse than baseline ${model.baseline} (paired bootstrap p < 0.05)`;
  const failed = rows.filter((r) => r.failure).map((r) => `FAILED ${r.config}: ${r.failure}\n`).join('');
  const ranking = model.ranking ? `ranking: ${describeRanking(model.ranking)}\n` : '';
  return `${t.toString()}\n${legend}\n${ranking}${failed}`;
}
