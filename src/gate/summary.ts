import type { GateCheck, GateReport } from './evaluate.js';

import { fmtP } from '../score/index.js';

const CORRECTION_TEXT: Record<GateReport['correction'], string> = {
  holm: 'Holm-adjusted over all {n} checks of the run (family-wise error rate)',
  bh: 'Benjamini-Hochberg-adjusted over all {n} checks of the run (false discovery rate)',
  none: 'not adjusted for the {n} checks of the run',
};

/** How the verdict was reached, in one sentence. */
export function gateRule(report: GateReport): string {
  return `A check fails when its metric drops by more than its max_drop and the paired per-sample agreement test's p-value, ${CORRECTION_TEXT[report.correction].replace('{n}', String(report.family_size))}, is below ${fmtP(1 - report.confidence)}.`;
}

const ICON: Record<GateCheck['status'], string> = { pass: 'pass', fail: '**FAIL**', skipped: 'skipped', undefined: 'undefined', new: 'new' };

/** The regressions in one line each: `deepseek-v3.2__v1 intent: kappa 0.81 -> 0.64 (-0.17, 95% CI [...])`. */
export function regressionLines(report: GateReport): string[] {
  return report.checks.filter((c) => c.status === 'fail').map((c) => `${c.config} ${c.dimension}: ${c.message}`);
}

/** Plain-text verdict for the terminal. */
export function renderGateText(report: GateReport, baselinePath: string): string {
  const gated = report.checks.filter((c) => c.status === 'pass' || c.status === 'fail').length;
  const lines: string[] = [];
  const fails = regressionLines(report);
  lines.push(
    fails.length
      ? `gate FAILED: ${fails.length} of ${gated} dimension gate(s) regressed vs ${baselinePath}`
      : `gate passed: ${gated} dimension gate(s) checked vs ${baselinePath}, no significant drop`,
  );
  for (const f of fails) lines.push(`  - ${f}`);
  const candidates = [...new Set(report.checks.filter((c) => c.against !== 'baseline').map((c) => `${c.config} vs ${c.against}`))];
  if (candidates.length) lines.push(`  candidates gated against another configuration: ${candidates.join(', ')}`);
  const noise = report.checks.filter((c) => c.status === 'pass' && c.diff !== null && -c.diff > c.max_drop);
  for (const c of noise) lines.push(`  ~ ${c.config} ${c.dimension}: ${c.message}`);
  for (const n of report.new_configs) lines.push(`  + new configuration ${n}: not in the baseline, not gated (run \`sft-label baseline update\` to pin it)`);
  for (const n of report.removed_configs) lines.push(`  - baseline configuration ${n} is no longer in the experiment`);
  for (const n of report.notes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}

/** Markdown for $GITHUB_STEP_SUMMARY / report.md: verdict, regressions, then every gate in a table per configuration. */
export function renderGateMarkdown(report: GateReport, baselinePath: string): string {
  const out: string[] = [];
  const fails = regressionLines(report);
  out.push(`## sft-label CI gate: ${report.experiment} — ${report.passed ? 'passed' : 'FAILED'}`, '');
  out.push(`Baseline: \`${baselinePath}\`. ${gateRule(report)}`, '');
  if (fails.length) out.push('### Regressions', '', ...fails.map((f) => `- ${md(f)}`), '');
  if (report.new_configs.length) out.push(`New configurations (not gated): ${report.new_configs.map((n) => `\`${n}\``).join(', ')}`, '');
  if (report.removed_configs.length) out.push(`No longer in the experiment: ${report.removed_configs.map((n) => `\`${n}\``).join(', ')}`, '');
  if (report.notes.length) out.push(...report.notes.map((n) => `- note: ${md(n)}`), '');
  const groups = [...new Set(report.checks.map((c) => `${c.config}\u0000${c.against}`))].map((k) => k.split('\u0000') as [string, string]);
  for (const [config, against] of groups) {
    const ref = against === 'baseline' ? 'baseline' : `\`${against}\``;
    out.push(`### \`${config}\`${against === 'baseline' ? '' : ` vs ${ref}`}`, '', `| dimension | metric | ${against === 'baseline' ? 'baseline' : 'reference'} | current | diff | CI | agreement | p | adjusted p | gate |`, '|---|---|---:|---:|---:|---|---|---:|---:|---|');
    for (const c of report.checks.filter((x) => x.config === config && x.against === against)) {
      const ag = c.agreement ? `${c.agreement.reference.toFixed(3)} -> ${c.agreement.current.toFixed(3)}` : '';
      out.push(`| ${c.dimension} | ${c.metric} | ${num(c.baseline)} | ${num(c.current)} | ${num(c.diff, true)} | ${c.ci ? `[${num(c.ci[0], true)}, ${num(c.ci[1], true)}]` : ''} | ${ag} | ${c.p_value === null ? '' : fmtP(c.p_value)} | ${c.p_adjusted === null ? '' : fmtP(c.p_adjusted)} | ${ICON[c.status]} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function num(x: number | null, signed = false): string {
  if (x === null) return '–';
  return `${signed && x >= 0 ? '+' : ''}${x.toFixed(3)}`;
}

/** Keep user text from breaking Markdown tables and lists. */
function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
