import { describe, expect, it } from 'vitest';
import type { GateCheck, GateReport } from './evaluate.js';
import { renderJunit, renderJunitError, xmlEscape } from './junit.js';
import { renderGateMarkdown, renderGateText } from './summary.js';
import { checkXml } from './__fixtures__/xml.js';

const check = (over: Partial<GateCheck>): GateCheck => ({
  config: 'm__v1', against: 'baseline', agreement: null, p_adjusted: null, dimension: 'intent', metric: 'kappa', status: 'pass', baseline: 0.8, current: 0.8, diff: 0, ci: [-0.01, 0.01],
  p_value: 1, n: 12, max_drop: 0.02, require_significant: true, message: 'kappa 0.800 -> 0.800 (+0.000)', ...over,
});

const REPORT: GateReport = {
  version: 1, experiment: 'ci', passed: false, confidence: 0.95, correction: 'holm', family_size: 2,
  checks: [
    check({}),
    check({ dimension: 'domain', status: 'fail', current: 0.5, diff: -0.3, ci: [-0.5, -0.1], p_value: 0.0004, p_adjusted: 0.0008, agreement: { reference: 0.9, current: 0.6, diff: -0.3, n: 12, repeats: 1 }, message: 'kappa 0.800 -> 0.500 (-0.300): dropped <&> "quoted"' }),
    check({ dimension: 'task', status: 'skipped', message: 'skipped by gates.dimensions' }),
    check({ config: 'new__v2', against: 'm__v1', dimension: 'domain', p_value: 0.5, p_adjusted: 1, message: 'kappa 0.800 -> 0.800 (+0.000) vs m__v1' }),
    check({ config: 'new__v2', status: 'new', message: 'new configuration: not in the baseline, not gated' }),
  ],
  new_configs: ['new__v2'], removed_configs: ['old'], notes: ['m__v1: prompt v1 changed (a -> b)'],
};

describe('xmlEscape', () => {
  it('escapes the five entities and drops characters XML 1.0 cannot hold', () => {
    expect(xmlEscape(`a<b>&"c'\u0001\u0007d\n`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;d\n');
  });
});

describe('renderJunit', () => {
  it('is well-formed XML with one test case per configuration x dimension and a failure for each regression', () => {
    const xml = renderJunit(REPORT);
    const els = checkXml(xml);
    const root = els[0]!;
    expect(root).toMatchObject({ name: 'testsuites', attrs: { tests: '5', failures: '1', skipped: '2' } });
    expect(els.filter((e) => e.name === 'testsuite').map((e) => e.attrs.name)).toEqual(['ci.m__v1', 'ci.new__v2']);
    const cases = els.filter((e) => e.name === 'testcase');
    expect(cases.map((c) => `${c.attrs.classname} ${c.attrs.name}`)).toEqual([
      'ci.m__v1 intent (kappa)', 'ci.m__v1 domain (kappa)', 'ci.m__v1 task (kappa)', 'ci.new__v2 domain (kappa) vs m__v1', 'ci.new__v2 intent (kappa)',
    ]);
    const failures = els.filter((e) => e.name === 'failure');
    expect(failures).toHaveLength(1);
    expect(failures[0]!.attrs.message).toBe('m__v1 domain: kappa 0.800 -> 0.500 (-0.300): dropped <&> "quoted"');
    expect(els.filter((e) => e.name === 'skipped')).toHaveLength(2);
  });
});

describe('renderJunitError', () => {
  it('is one test case with an escaped error', () => {
    const els = checkXml(renderJunitError('ci', 'cache miss: <key & more>\n  - a'));
    expect(els.find((e) => e.name === 'error')!.attrs.message).toBe('cache miss: <key & more>');
    expect(els.find((e) => e.name === 'testsuites')!.attrs).toMatchObject({ tests: '1', errors: '1' });
  });

  it('the well-formedness check rejects broken XML', () => {
    expect(() => checkXml('<a><b></a></b>')).toThrow(/unbalanced/);
    expect(() => checkXml('<a>x & y</a>')).toThrow(/bare/);
    expect(() => checkXml('<a/><b/>')).toThrow(/2 root/);
  });
});

describe('renderGateText / renderGateMarkdown', () => {
  it('names each regression with its size, new and removed configurations and notes', () => {
    const text = renderGateText(REPORT, 'experiments/baselines/ci.json');
    expect(text).toMatch(/^gate FAILED: 1 of 3 dimension gate\(s\) regressed vs experiments\/baselines\/ci\.json\n/);
    expect(text).toContain('  - m__v1 domain: kappa 0.800 -> 0.500 (-0.300)');
    expect(text).toContain('new configuration new__v2');
    expect(text).toContain('baseline configuration old is no longer');
    const md = renderGateMarkdown(REPORT, 'b.json');
    expect(md).toContain('## sft-label CI gate: ci — FAILED');
    expect(md).toContain('| domain | kappa | 0.800 | 0.500 | -0.300 | [-0.500, -0.100] | 0.900 -> 0.600 | 4.0e-4 | 8.0e-4 | **FAIL** |');
    expect(md).toContain('paired per-sample agreement test\'s p-value, Holm-adjusted over all 2 checks of the run (family-wise error rate), is below 0.05');
    expect(md).toContain('### `new__v2` vs `m__v1`');
    expect(text).toContain('candidates gated against another configuration: new__v2 vs m__v1');
    expect(md).toContain('### Regressions');
  });
});
