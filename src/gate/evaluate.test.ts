import { describe, expect, it } from 'vitest';
import { buildBaseline, type BaselineConfigInput } from './baseline.js';
import { decide, evaluateGates, type CurrentConfig } from './evaluate.js';
import { goldFixture, spoil } from './__fixtures__/labels.js';
import { scoreLabels } from '../score/index.js';
import type { GateSettings } from '../runner/index.js';
import type { Labels, Taxonomy } from '../taxonomy/index.js';

const GATES: GateSettings = { metric: 'primary', max_drop: 0.02, require_significant: true, confidence: 0.95, resamples: 500, underpowered: 'warn', dimensions: {}, correction: 'holm', candidates: [] };

function baselineOf(taxonomy: Taxonomy, gold: Map<string, Labels>, configs: Record<string, Map<string, Labels | null>>) {
  const inputs: BaselineConfigInput[] = Object.entries(configs).map(([name, labels]) => ({
    name, model: 'm', prompt: 'v1', promptHash: 'h1', axes: {}, labels,
    score: scoreLabels({ gold, pred: labels, taxonomy, bootstrap: 0 }),
  }));
  return buildBaseline({
    experiment: 'e', toolVersion: '0.1.0', taxonomyVersion: taxonomy.version,
    gold: { name: 'v1', version: '1', labels_sha256: 'x', samples: gold.size }, prompts: { v1: { hash: 'h1' } },
    configs: inputs, cacheKeys: [], createdAt: '2026-01-01T00:00:00.000Z',
  });
}

const cur = (labels: Map<string, Labels | null>, promptHash = 'h1'): CurrentConfig => ({ labels, promptHash });

describe('decide', () => {
  it('passes a drop of exactly max_drop, fails past it only with an adjusted p-value below alpha', () => {
    expect(decide(-0.02, 0.001, 0.02, true)).toBe('pass');
    expect(decide(-0.1, 0.01, 0.02, true)).toBe('fail');
    expect(decide(-0.1, 0.05, 0.02, true)).toBe('pass');
    expect(decide(-0.1, 0.05, 0.02, true, 0.1)).toBe('fail');
    expect(decide(-0.1, null, 0.02, true)).toBe('pass');
    expect(decide(-0.1, null, 0.02, false)).toBe('fail');
    expect(decide(0.3, 1, 0.02, true)).toBe('pass');
    expect(decide(null, null, 0.02, true)).toBe('undefined');
  });
});

describe('evaluateGates', () => {
  it('passes an unchanged configuration with zero differences', async () => {
    const { taxonomy, gold } = await goldFixture(40);
    const pred = spoil(taxonomy, gold, 'domain', (i) => i % 5 === 0);
    const report = evaluateGates({ experiment: 'e', gates: GATES, taxonomy, gold, current: new Map([['c', cur(pred)]]), baseline: baselineOf(taxonomy, gold, { c: pred }) });
    expect(report.passed).toBe(true);
    expect(report.checks).toHaveLength(9);
    expect(report.checks.every((c) => (c.status === 'pass' && c.diff === 0) || (c.status === 'undefined' && c.diff === null))).toBe(true);
    expect(report.checks.filter((c) => c.status === 'pass').length).toBeGreaterThan(5);
  });

  it('fails a significant drop on one dimension, naming it and the size of the drop', async () => {
    const { taxonomy, gold } = await goldFixture(40);
    const bad = spoil(taxonomy, gold, 'intent', (i) => i % 2 === 0);
    const report = evaluateGates({ experiment: 'e', gates: GATES, taxonomy, gold, current: new Map([['c', cur(bad, 'h2')]]), baseline: baselineOf(taxonomy, gold, { c: new Map(gold) }) });
    expect(report.passed).toBe(false);
    const fails = report.checks.filter((c) => c.status === 'fail');
    expect(fails.map((c) => c.dimension)).toEqual(['intent']);
    expect(fails[0]!.metric).toBe('kappa');
    expect(fails[0]!.diff).toBeLessThan(-0.3);
    expect(fails[0]!.ci![1]).toBeLessThan(0);
    // 20 of 40 samples wrong, none better: one-sided sign test p = 2^-20; Holm over the tested checks multiplies it.
    expect(fails[0]!.p_value).toBeCloseTo(2 ** -20, 15);
    expect(fails[0]!.agreement).toMatchObject({ reference: 1, current: 0.5, diff: -0.5, n: 40, repeats: 1 });
    expect(fails[0]!.p_adjusted).toBeCloseTo(2 ** -20 * report.family_size, 15);
    expect(fails[0]!.message).toMatch(/^kappa 1\.000 -> 0\.\d{3} \(-0\.\d{3}, 95% CI \[-\d\.\d+, -0\.\d+\]\); agreement 1\.000 -> 0\.500, p = 9\.5e-7 \(Holm-adjusted \d\.\de-6\): dropped by more than 0\.02 and significant at 0\.05$/);
    expect(report.notes).toEqual(['c: prompt v1 changed (h1 -> h2)']);
  });

  it('passes a drop larger than max_drop whose CI includes 0 (noise), unless significance is not required', async () => {
    const { taxonomy, gold } = await goldFixture(40);
    const one = spoil(taxonomy, gold, 'intent', (i) => i === 3);
    const args = { experiment: 'e', taxonomy, gold, current: new Map([['c', cur(one)]]), baseline: baselineOf(taxonomy, gold, { c: new Map(gold) }) };
    const noisy = evaluateGates({ ...args, gates: GATES }).checks.find((c) => c.dimension === 'intent')!;
    expect(noisy.diff).toBeLessThan(-0.02);
    expect(noisy.ci![0]).toBeLessThan(0);
    expect(noisy.ci![1]).toBe(0);
    expect(noisy.p_value).toBe(0.5); // one sample worse: sign test P(X <= 0 | n = 1)
    expect(noisy.status).toBe('pass');
    expect(noisy.message).toMatch(/drop within noise/);
    const strict = evaluateGates({ ...args, gates: { ...GATES, require_significant: false } });
    expect(strict.checks.find((c) => c.dimension === 'intent')!.status).toBe('fail');
    const loose = evaluateGates({ ...args, gates: { ...GATES, require_significant: false, dimensions: { intent: { max_drop: 0.5 } } } });
    expect(loose.passed).toBe(true);
  });

  it('reports new and removed configurations without failing, and honours skip', async () => {
    const { taxonomy, gold } = await goldFixture(20);
    const bad = spoil(taxonomy, gold, 'intent', () => true);
    const report = evaluateGates({
      experiment: 'e', taxonomy, gold,
      gates: { ...GATES, dimensions: { intent: { skip: true } } },
      current: new Map([['a', cur(bad)], ['fresh', cur(bad)]]),
      baseline: baselineOf(taxonomy, gold, { a: new Map(gold), gone: new Map(gold) }),
    });
    expect(report.passed).toBe(true);
    expect(report.new_configs).toEqual(['fresh']);
    expect(report.removed_configs).toEqual(['gone']);
    expect(report.checks.filter((c) => c.config === 'fresh').every((c) => c.status === 'new')).toBe(true);
    expect(report.checks.find((c) => c.config === 'a' && c.dimension === 'intent')!.status).toBe('skipped');
  });

  it('gates a non-headline metric at another confidence level through the re-scoring bootstrap', async () => {
    const { taxonomy, gold } = await goldFixture(30);
    const bad = spoil(taxonomy, gold, 'intent', (i) => i % 2 === 0);
    const report = evaluateGates({
      experiment: 'e', taxonomy, gold, current: new Map([['c', cur(bad)]]), baseline: baselineOf(taxonomy, gold, { c: new Map(gold) }),
      gates: { ...GATES, confidence: 0.9, resamples: 200, dimensions: { intent: { metric: 'accuracy' } } },
    });
    const intent = report.checks.find((c) => c.dimension === 'intent')!;
    expect(intent).toMatchObject({ metric: 'accuracy', baseline: 1, current: 0.5, status: 'fail' });
    expect(intent.message).toMatch(/90% CI/);
  });

  it('controls false alarms over all checks: a drop significant alone passes under Holm and BH, fails uncorrected', async () => {
    const { taxonomy, gold } = await goldFixture(40);
    // 5 of 40 samples wrong, none better: p = 1/32 = 0.031 alone, below 0.05; the run has several tested checks.
    const five = spoil(taxonomy, gold, 'intent', (i) => i < 5);
    const args = { experiment: 'e', taxonomy, gold, current: new Map([['c', cur(five)]]), baseline: baselineOf(taxonomy, gold, { c: new Map(gold) }) };
    const holm = evaluateGates({ ...args, gates: GATES });
    const intent = holm.checks.find((c) => c.dimension === 'intent')!;
    expect(intent.p_value).toBeCloseTo(1 / 32, 12);
    expect(holm.family_size).toBeGreaterThan(1);
    expect(intent.p_adjusted).toBeCloseTo(Math.min(1, holm.family_size / 32), 12);
    expect(holm.passed).toBe(true);
    expect(intent.message).toMatch(/Holm-adjusted .*: drop within noise$/);
    expect(evaluateGates({ ...args, gates: { ...GATES, correction: 'bh' } }).passed).toBe(true);
    const none = evaluateGates({ ...args, gates: { ...GATES, correction: 'none' } });
    expect(none.passed).toBe(false);
    expect(none.checks.find((c) => c.dimension === 'intent')!.p_adjusted).toBeCloseTo(1 / 32, 12);
  });

  it('averages per-sample agreement over repeats on both sides (the same number of repeats each)', async () => {
    const { taxonomy, gold } = await goldFixture(20);
    const good = new Map(gold) as Map<string, Labels | null>;
    // Baseline: repeat 0 right, repeat 1 wrong on intent for sample 0 -> agreement 0.5 there.
    const base = baselineOf(taxonomy, gold, { c: good });
    base.configs.c!.repeat_labels = [Object.fromEntries(spoil(taxonomy, gold, 'intent', (i) => i === 0))];
    // Current: right on both repeats; a third repeat is ignored (the baseline has two).
    const report = evaluateGates({
      experiment: 'e', taxonomy, gold, gates: GATES, baseline: base,
      current: new Map([['c', { labels: good, repeatLabels: [good, spoil(taxonomy, gold, 'intent', () => true)], promptHash: 'h1' }]]),
    });
    const intent = report.checks.find((c) => c.dimension === 'intent')!;
    expect(intent.agreement).toMatchObject({ repeats: 2, n: 20 });
    expect(intent.agreement!.reference).toBeCloseTo(19.5 / 20, 12);
    expect(intent.agreement!.current).toBe(1);
    expect(report.passed).toBe(true);
  });

  it('gates a candidate against another configuration of the same run, in the same family', async () => {
    const { taxonomy, gold } = await goldFixture(40);
    const prod = spoil(taxonomy, gold, 'domain', (i) => i % 8 === 0);
    const cand = spoil(taxonomy, prod as Map<string, Labels>, 'intent', (i) => i % 2 === 0);
    const report = evaluateGates({
      experiment: 'e', taxonomy, gold, gates: GATES, baseline: baselineOf(taxonomy, gold, { prod }),
      current: new Map([['prod', cur(prod)], ['cand', cur(cand, 'h2')]]),
      candidates: [{ config: 'cand', against: 'prod' }],
    });
    expect(report.new_configs).toEqual(['cand']);
    const fails = report.checks.filter((c) => c.status === 'fail');
    expect(fails.map((c) => [c.config, c.against, c.dimension])).toEqual([['cand', 'prod', 'intent']]);
    expect(fails[0]!.message).toMatch(/ vs prod; agreement 1\.000 -> 0\.500/);
    // prod vs baseline (9 dims) and cand vs prod (9 dims), minus undefined metrics, form one family.
    expect(report.family_size).toBe(report.checks.filter((c) => c.p_adjusted !== null).length);
    expect(report.family_size).toBeGreaterThan(9);
  });
});
