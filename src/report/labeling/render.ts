import { strictCsp } from '../csp.js';
import { escapeMarkdown as e, fmt, fmtPct, fmtUsd } from '../escape.js';
import { handlebarsEnv } from '../html.js';
import { mdTable } from '../markdown.js';
import { REPORT_CSS } from '../styles.js';
import { countBarsSvg, histogramSvg } from '../svg/count-bars.js';
import type { LabelingSummary } from './model.js';
import { LABELING_TEMPLATE } from './template.js';

/** The labeling summary as one self-contained HTML page (inline CSS and SVG, no script at all). */
export function renderLabelingHtml(s: LabelingSummary): string {
  return handlebarsEnv().compile(LABELING_TEMPLATE)({
    s,
    csp: strictCsp([]),
    css: REPORT_CSS,
    failedPct: fmtPct(s.records ? s.failed / s.records : null),
    arbitrationPct: fmtPct(s.arbitration.rate),
    unmappedPct: fmtPct(s.unmapped.rate),
    violationPct: fmtPct(s.violations.rate),
    cost: fmtUsd(s.cost.totalUsd),
    costPerSample: fmtUsd(s.cost.perSampleUsd),
    elapsed: s.elapsedS === null ? 'n/a' : `${s.elapsedS.toFixed(1)} s`,
    arbitrationRows: Object.entries(s.arbitration.byDimension).map(([dimension, n]) => ({ dimension, n })),
    distributions: s.distributions.map((d) => ({ svg: countBarsSvg({ title: d.dimension, items: d.tags.map((t) => ({ label: t.tag, count: t.count })), total: s.labeled }) })),
    histograms: s.confidence.map((c) => ({
      svg: histogramSvg({ title: `${c.dimension} (mean ${fmt(c.mean, 2)}${c.missing ? `, ${c.missing} without` : ''})`, bins: c.bins }),
    })),
  });
}

/** The labeling summary in GitHub-flavoured Markdown. */
export function renderLabelingMarkdown(s: LabelingSummary): string {
  const out: string[] = [`## sft-label labeling summary: ${e(s.input)}`, ''];
  out.push(
    mdTable(
      ['records', 'labeled', 'failed', 'arbitrated', 'unmapped', 'rule violations', 'tokens (prompt / completion / cached)', 'cost', 'cost / sample', 'time'],
      [[String(s.records), String(s.labeled), `${s.failed} (${fmtPct(s.records ? s.failed / s.records : null)})`, fmtPct(s.arbitration.rate), fmtPct(s.unmapped.rate), fmtPct(s.violations.rate),
        `${s.tokens.prompt} / ${s.tokens.completion} / ${s.tokens.cached}`, fmtUsd(s.cost.totalUsd), fmtUsd(s.cost.perSampleUsd), s.elapsedS === null ? 'n/a' : `${s.elapsedS.toFixed(1)} s`]],
    ),
    '',
    `Model ${e(s.model)} · labeler ${e(s.labeler)} · prompt ${e(s.promptVersion ?? '—')} · taxonomy ${e(s.taxonomyVersion)} · tool ${e(s.toolVersion)}`,
    '',
    '### Distribution per dimension (top 10)',
    '',
  );
  out.push(
    mdTable(
      ['dimension', 'tags (count)', 'mean confidence'],
      s.distributions.map((d, i) => [d.dimension, d.tags.slice(0, 10).map((t) => `${t.tag} (${t.count})`).join(', '), fmt(s.confidence[i]?.mean, 2)]),
      ['l', 'l'],
    ),
    '',
  );
  if (s.unmapped.values.length) {
    out.push('### Unmapped tags', '', mdTable(['dimension', 'value', 'count'], s.unmapped.values.slice(0, 30).map((u) => [u.dimension, u.value, String(u.count)]), ['l', 'l']), '');
  }
  out.push('### Consistency-rule violations', '');
  if (s.violations.rules.length) {
    out.push(`${s.violations.samples} labeled records (${fmtPct(s.violations.rate)}) violate at least one rule of the taxonomy.`, '');
    out.push(mdTable(['rule', 'severity', 'records', 'statement'], s.violations.rules.map((v) => [v.rule, v.severity, String(v.count), v.statement]), ['l', 'l', 'r', 'l']), '');
  } else out.push('None.', '');
  if (s.failures.length) {
    out.push('### Failures (first 30)', '', mdTable(['id', 'where', 'stage', 'reason'], s.failures.slice(0, 30).map((f) => [f.id, f.where, f.stage, f.reason]), ['l', 'l', 'l', 'l']), '');
  }
  if (s.notes.length) out.push('Notes:', '', ...s.notes.map((n) => `- ${e(n)}`), '');
  return `${out.join('\n')}\n`;
}
