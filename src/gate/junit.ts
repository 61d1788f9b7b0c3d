import type { GateCheck, GateReport } from './evaluate.js';

/** XML 1.0 text or attribute value: the five entities, and characters XML 1.0 cannot carry at all dropped. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * JUnit XML (the de-facto schema read by GitHub, GitLab, Jenkins): one <testsuite> per configuration and one
 * <testcase> per configuration x dimension gate. A regression is a <failure>; a skipped, undefined or new gate is
 * <skipped> with its reason, so CI dashboards show it without failing.
 */
export function renderJunit(report: GateReport): string {
  const byConfig = new Map<string, GateCheck[]>();
  for (const c of report.checks) byConfig.set(c.config, [...(byConfig.get(c.config) ?? []), c]);
  const count = (cs: readonly GateCheck[], ...s: GateCheck['status'][]) => cs.filter((c) => s.includes(c.status)).length;
  const suites = [...byConfig].map(([config, cs]) => {
    const cases = cs.map((c) => {
      const open = `    <testcase classname="${xmlEscape(`${report.experiment}.${config}`)}" name="${xmlEscape(`${c.dimension} (${c.metric})${c.against === 'baseline' ? '' : ` vs ${c.against}`}`)}" time="0"`;
      if (c.status === 'pass') return `${open}>\n      <system-out>${xmlEscape(c.message)}</system-out>\n    </testcase>`;
      if (c.status === 'fail') {
        return `${open}>\n      <failure message="${xmlEscape(`${config} ${c.dimension}: ${c.message}`)}" type="regression">${xmlEscape(detail(c))}</failure>\n    </testcase>`;
      }
      return `${open}>\n      <skipped message="${xmlEscape(c.message)}"/>\n    </testcase>`;
    });
    return [
      `  <testsuite name="${xmlEscape(`${report.experiment}.${config}`)}" tests="${cs.length}" failures="${count(cs, 'fail')}" errors="0" skipped="${count(cs, 'skipped', 'undefined', 'new')}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const all = report.checks;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(`sft-label ci ${report.experiment}`)}" tests="${all.length}" failures="${count(all, 'fail')}" errors="0" skipped="${count(all, 'skipped', 'undefined', 'new')}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function detail(c: GateCheck): string {
  return [
    `compared with: ${c.against}`,
    `reference ${c.metric}: ${c.baseline}`,
    `current ${c.metric}: ${c.current}`,
    `difference: ${c.diff}`,
    `bootstrap confidence interval: ${c.ci ? `[${c.ci[0]}, ${c.ci[1]}]` : 'undefined'}`,
    `per-sample agreement: ${c.agreement ? `${c.agreement.reference} -> ${c.agreement.current} (${c.agreement.repeats} repeat(s) per side)` : 'undefined'}`,
    `p-value (paired sign-flip test): ${c.p_value}`,
    `adjusted p-value: ${c.p_adjusted}`,
    `items: ${c.n}`,
    `gate: drop > ${c.max_drop}${c.require_significant ? ' and adjusted p-value below 1 - confidence' : ''}`,
  ].join('\n');
}

/**
 * JUnit XML for a gate that could not be evaluated (cache miss, endpoint down, bad file): one test case with an
 * <error>, so CI dashboards show why instead of a missing report.
 */
export function renderJunitError(experiment: string, message: string): string {
  const first = message.split('\n')[0] ?? message;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(`sft-label ci ${experiment}`)}" tests="1" failures="0" errors="1" skipped="0">`,
    `  <testsuite name="${xmlEscape(experiment)}" tests="1" failures="0" errors="1" skipped="0">`,
    `    <testcase classname="${xmlEscape(experiment)}" name="run" time="0">`,
    `      <error message="${xmlEscape(first)}" type="infrastructure">${xmlEscape(message)}</error>`,
    '    </testcase>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
