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
    cost: fmtUsd(s.cost.totalUsd),
    costPerSample: fmtUsd(s.cost.perSampleUsd),
    elapsed: s.elapsedS === null ? 'n/a' : `${s.elapsedS.toFixed(1)} s`,
    arbitrationRows: Object.entries(s.arbitration.byDimension).map(([dimension, n]) => ({ dimension, n })),
    distributions: s.distributions.map((d) => ({ svg: countBarsSvg({ title: d.dimension, items: d.tags.map((t) => ({ label: t.tag, count: t.count })), total: s.labeled }) })),
    calibration: s.calibration ? calibrationRows(s) : null,
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
      ['records', 'labeled', 'failed', 'arbitrated', 'unmapped', 'tokens (prompt / completion / cached)', 'cost', 'cost / sample', 'time'],
      [[String(s.records), String(s.labeled), `${s.failed} (${fmtPct(s.records ? s.failed / s.records : null)})`, fmtPct(s.arbitration.rate), fmtPct(s.unmapped.rate),
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
  if (s.calibration) {
    const c = s.calibration;
    out.push(
      `### Corrected shares (prediction-powered, ${Math.round(c.confidence * 100)}% CI)`,
      '',
      `Share of labeled records per tag: naive (the labeler's answers as if they were right) and prediction-powered (Angelopoulos et al. 2023): corrected by the same configuration's errors on ${c.gold_n} gold samples (${e(c.with)} vs ${e(c.gold)}). Bias = the labeler's share minus gold's on those samples.`,
      '',
      mdTable(['dimension', 'tag', 'count', 'naive share', 'naive CI', 'PPI share', 'PPI CI', 'bias', 'gold'], calibrationRows(s).map((r) => [r.dimension, r.tag, r.count, r.naive, r.naiveCi, r.ppi, r.ppiCi, r.bias, r.gold]), ['l', 'l']),
      '',
    );
  }
  if (s.unmapped.values.length) {
    out.push('### Unmapped tags', '', mdTable(['dimension', 'value', 'count'], s.unmapped.values.slice(0, 30).map((u) => [u.dimension, u.value, String(u.count)]), ['l', 'l']), '');
  }
  if (s.failures.length) {
    out.push('### Failures (first 30)', '', mdTable(['id', 'where', 'stage', 'reason'], s.failures.slice(0, 30).map((f) => [f.id, f.where, f.stage, f.reason]), ['l', 'l', 'l', 'l']), '');
  }
  if (s.notes.length) out.push('Notes:', '', ...s.notes.map((n) => `- ${e(n)}`), '');
  return `${out.join('\n')}\n`;
}

/** One row per tag of the calibration table, formatted (shares as percentages). */
function calibrationRows(s: LabelingSummary) {
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  const ci = (c: [number, number] | null) => (c ? `[${pct(c[0])}, ${pct(c[1])}]` : '—');
  return (s.calibration?.dimensions ?? []).flatMap((d) =>
    d.tags.map((t) => ({
      dimension: d.dimension, tag: t.tag, count: String(t.count), naive: pct(t.naive), naiveCi: ci(t.naive_ci), ppi: pct(t.ppi), ppiCi: ci(t.ppi_ci),
      bias: t.bias === null ? '—' : `${t.bias >= 0 ? '+' : ''}${(t.bias * 100).toFixed(1)} pp`, gold: String(t.gold),
    })),
  );
}
