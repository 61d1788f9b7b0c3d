import Table from 'cli-table3';
import { formatReasons } from '../records/index.js';
import { describeRanking } from '../score/index.js';
import type { MetricsFile, RunRecord } from './results.js';

const fmt = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));

/**
 * The terminal summary: one column per configuration, one row per dimension with its headline metric (and the
 * difference to the baseline configuration), then overall, labeled/failed, cache hit rate and cost. No colours.
 */
export function renderRunSummary(metrics: MetricsFile, run: RunRecord): string {
  const names = Object.keys(metrics.configs);
  const t = new Table({ head: ['dimension (headline)', ...names], style: { head: [], border: [] } });
  const first = metrics.configs[names[0] ?? ''];
  const dims = first ? Object.keys(first.score.dimensions) : [];
  const cell = (name: string, value: number | null, diff: number | null | undefined): string =>
    diff === null || diff === undefined ? fmt(value) : `${fmt(value)} (${diff >= 0 ? '+' : ''}${fmt(diff)})`;
  for (const dim of dims) {
    const metric = first?.score.dimensions[dim]?.headline_metric ?? '';
    t.push([`${dim} (${metric})`, ...names.map((n) => {
      const c = metrics.configs[n];
      return cell(n, c?.score.dimensions[dim]?.headline ?? null, c?.vs_baseline?.dimensions[dim]?.diff);
    })]);
  }
  t.push(['overall (macro mean)', ...names.map((n) => cell(n, metrics.configs[n]?.score.overall ?? null, metrics.configs[n]?.vs_baseline?.overall.diff))]);
  const stats = (n: string) => run.configs[n];
  t.push(['labeled / failed', ...names.map((n) => `${stats(n)?.labeled ?? 0} / ${stats(n)?.failed ?? 0}`)]);
  t.push(['cache hit rate', ...names.map((n) => (stats(n)?.cache.hit_rate === null ? '-' : `${Math.round(100 * (stats(n)?.cache.hit_rate ?? 0))}%`))]);
  t.push(['HTTP requests (429s)', ...names.map((n) => `${stats(n)?.http_requests ?? 0} (${stats(n)?.rate_limited ?? 0})`)]);
  t.push(['cost now / at list price', ...names.map((n) => `$${fmt(stats(n)?.cost_usd, 4)} / $${fmt(stats(n)?.cost_usd_full, 4)}`)]);
  const failed = names.filter((n) => metrics.configs[n]?.failure);
  if (failed.length) t.push(['status', ...names.map((n) => (metrics.configs[n]?.failure ? 'FAILED' : 'ok'))]);
  const note = `(+x.xxx) = difference to the baseline configuration ${metrics.baseline_config}, positive = better`;
  const why = failed.map((n) => `FAILED ${n}: ${metrics.configs[n]!.failure!.reason}; most frequent reasons:\n${formatReasons(metrics.configs[n]!.failure!.top_reasons)}\n`).join('');
  const ranking = metrics.ranking ? `ranking: ${describeRanking(metrics.ranking)}\n` : '';
  return `${t.toString()}\n${note}\n${ranking}${why}`;
}
