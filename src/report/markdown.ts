import { escapeMarkdown as e, fmt, fmtCi } from './escape.js';
import { formatDuration } from '../util/duration.js';
import { describeRanking } from '../score/index.js';
import type { ReportModel } from './model.js';
import { cascadeRows, repeatRows, summaryRows, type SummaryCell } from './summary.js';
import { calibrationSection, verdictSentence } from './calibration.js';

/** GitHub-flavoured Markdown table; every cell escaped. */
export function mdTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>, align: readonly ('l' | 'r')[] = []): string {
  const sep = head.map((_, i) => ((align[i] ?? 'r') === 'l' ? ':---' : '---:'));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head.map(e)), line(sep), ...rows.map((r) => line(r.map(e)))].join('\n');
}

function cellText(c: SummaryCell): string {
  const mark = c.sig === 'up' ? ' ▲' : c.sig === 'down' ? ' ▼' : '';
  return `${c.best ? '**' : ''}${c.value}${c.best ? '**' : ''}${mark}`;
}

/**
 * The comparison as Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY: summary table (configurations x
 * dimensions, best in bold, ▲/▼ significant vs baseline), cost table, per-dimension tables with CIs and the
 * differences vs baseline, then versions. Bold and arrows are the only markup added; data is escaped.
 */
export function renderReportMarkdown(model: ReportModel): string {
  const rows = summaryRows(model);
  const dims = model.dimensions.map((d) => d.id);
  const out: string[] = [];
  out.push(`## sft-label report: ${e(model.experiment)}`, '');
  out.push(
    `Gold ${e(model.versions.gold.name)} ${e(model.versions.gold.version)} (${model.versions.gold.samples} samples) · taxonomy ${e(model.versions.taxonomy)} · ` +
      `tool ${e(model.versions.tool)}${model.run ? ` · run ${e(model.run.startedAt)} (${formatDuration(model.run.elapsedMs, 'prose')}, ${e(model.run.status)})` : ''}`,
    '',
  );
  out.push(`Headline per dimension; **bold** = best in column; ▲/▼ = significantly better/worse than baseline \`${model.baseline.replace(/`/g, "'")}\` (p < 0.05).`, '');
  // Summary: configuration x dimension, overall. Cells carry markup we add, so they are built unescaped from safe parts.
  const head = ['configuration', ...dims, 'overall'].map(e);
  const lines = [`| ${head.join(' | ')} |`, `| :--- | ${[...dims, 'overall'].map(() => '---:').join(' | ')} |`];
  for (const r of rows) lines.push(`| ${e(r.config)}${r.baseline ? ' (baseline)' : ''}${r.failure ? ' **FAILED**' : ''} | ${[...r.cells, r.overall].map(cellText).join(' | ')} |`);
  out.push(lines.join('\n'), '');
  const failed = rows.filter((r) => r.failure);
  if (failed.length) out.push(`**FAILED** (scores are not a result; \`promote\` refuses them): ${failed.map((r) => `${e(r.config)}: ${e(r.failure!)}`).join('; ')}.`, '');
  if (model.ranking) out.push(`**Ranking:** ${e(describeRanking(model.ranking))}. Each configuration is compared with the best overall on the same gold samples (paired bootstrap, p-values adjusted over the comparisons); **bold** marks the best point estimate only.`, '');
  out.push('### Cost and reliability', '');
  out.push(
    mdTable(
      ['configuration', 'model', 'prompt', 'cost / sample', 'tokens / sample', 'latency p50', 'latency p95', 'failed', 'unmapped', 'arbitrated'],
      rows.map((r) => [r.config, r.model, r.prompt, r.costPerSample, r.tokensPerSample, r.latencyP50, r.latencyP95, r.failureRate, r.unmappedRate, r.arbitrationRate]),
      ['l', 'l', 'l'],
    ),
    '',
  );
  const repeats = repeatRows(model);
  if (repeats.length) {
    out.push('### Repeats', '', 'Overall headline of each repeat (every sample labeled N times); sd = sample standard deviation.', '');
    out.push(mdTable(['configuration', 'repeats', 'mean', 'sd', 'range', 'per repeat'], repeats.map((r) => [r.config, r.n, r.mean, r.sd, r.range, r.values]), ['l']), '');
  }
  const cascades = cascadeRows(model);
  if (cascades.length) {
    out.push('### Cascades', '', 'First model labels everything; calls with a dimension below its threshold (chosen on gold, cross-fitted) go to the second.', '');
    out.push(
      mdTable(
        ['cascade', 'first', 'then', 'overall', 'calls escalated', 'cost / sample', 'first alone', 'then alone', 'verdict'],
        cascades.map((r) => [r.config, r.first, r.then, r.overall, r.escalated, r.costPerSample, r.firstCostPerSample, r.thenCostPerSample, r.verdict]),
        ['l', 'l', 'l'],
      ),
      '',
    );
  }
  if (model.detectable.length) {
    out.push('### What this gold set can detect', '');
    out.push(`Smallest drop of each headline, from the baseline \`${model.baseline.replace(/`/g, "'")}\`, that the paired test flags with 80% power (95% CI); a smaller difference cannot be told from noise on these samples (– : none detectable).`, '');
    out.push(mdTable(['configuration', 'n', ...dims], model.detectable.map((d) => [d.config, String(d.n), ...dims.map((k) => fmt(d.drops[k] ?? null))]), ['l']), '');
  }
  out.push('### Per dimension', '');
  for (const d of model.dimensions) {
    const ceiling = model.ceiling[d.id];
    const ceil = ceiling && ceiling.value !== null ? ` · inter-annotator ${ceiling.metric} ${fmt(ceiling.value)}` : '';
    out.push(`<details><summary>${e(d.id)} (${d.kind}, ${d.headlineMetric})${ceil}</summary>`, '');
    out.push(
      mdTable(
        ['configuration', d.headlineMetric, '95% CI', 'vs baseline', '95% CI of diff', 'p'],
        model.configs.map((c) => {
          const s = c.score.dimensions[d.id];
          const ci = s ? ((s as Record<string, unknown>)[`${s.headline_metric}_ci95`] as [number, number] | null | undefined) : null;
          const v = c.vsBaseline?.dimensions[d.id];
          return [c.name, fmt(s?.headline), fmtCi(ci), v ? fmt(v.diff) : '—', v ? fmtCi(v.diff_ci95) : '', v ? fmt(v.p_value) : ''];
        }),
        ['l'],
      ),
      '',
      '</details>',
      '',
    );
  }
  const cal = calibrationSection(model);
  if (cal) {
    out.push('### Calibration of confidence', '');
    out.push(
      'Does a label\'s stated confidence predict agreement with gold (the same tag, or the same set of tags)? ECE: expected calibration error over ' +
        'equal-mass bins (0 = confidence means what it says); Brier: mean squared error of confidence; AUROC: chance that a right label is ' +
        'more confident than a wrong one (0.5 = no better than chance). "uninformative" = the AUROC\'s 95% CI includes 0.5, so no threshold on it selects better than chance.',
      '',
    );
    for (const v of cal.verdicts) out.push(`- **${e(v.config)}**: ${e(verdictSentence(v))}`);
    out.push(
      '',
      mdTable(
        ['configuration', 'dimension', 'n', 'agrees', 'mean confidence', 'ECE', 'Brier', 'AUROC', '95% CI', 'verdict'],
        cal.rows.map((r) => [r.config, r.dimension, r.n, r.accuracy, r.meanConfidence, r.ece, r.brier, r.auroc, r.aurocCi, r.verdict]),
        ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
      ),
      '',
    );
  }
  out.push(`${model.disagreements.length} gold samples with at least one disagreement; see report.html for the explorer and charts.`, '');
  if (model.notes.length) out.push('Notes:', '', ...model.notes.map((n) => `- ${e(n)}`), '');
  return `${out.join('\n')}\n`;
}
