import { describe, expect, it } from 'vitest';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import type { Configuration } from './matrix.js';
import { buildMetrics, metricsInputsHash, type BuildMetricsOptions } from './metrics.js';
import { MetricsFileSchema, type RunLine } from './results.js';
import { renderRunSummary } from './table.js';

const taxonomy = loadTaxonomy();
const gold = new Map<string, Labels>([
  ['a', { intent: 'build', language: ['python'] }],
  ['b', { intent: 'debug', language: ['sql'] }],
  ['c', { intent: 'learn', language: ['python', 'sql'] }],
]);
const config = (name: string): Configuration => ({ name, model: name, modelRef: name, prompt: null, options: {} as Configuration['options'], axes: {} });
const monitor = { version: 1 as const, labeler: 'x', model: 'x', prompt_version: null, taxonomy_version: '3.1', calls: [], issues: { unmapped: [], mapped: [], violations: [], skipped_rules: [], arbitration: [], truncation: null }, latency_ms: 1, error: null };
const lines = (preds: Record<string, Labels | null>, sampleIndex = 0): RunLine[] =>
  Object.entries(preds).map(([id, labels]) => ({ id, sample_index: sampleIndex, config: 'x', config_hash: 'h', labels, confidence: {}, labeling_monitor: monitor }));

function options(configs: BuildMetricsOptions['configs'], repeats = 1): BuildMetricsOptions {
  return {
    experiment: 'e', taxonomy, gold: { name: 'g', version: '1', labels_sha256: 'x', path: 'gold', samples: 3 }, goldLabels: gold,
    configs, repeats, baseline: configs[0]?.config.name ?? '', toolVersion: '0.0.0',
  };
}

describe('buildMetrics', () => {
  const perfect = { config: config('perfect'), lines: lines(Object.fromEntries(gold)) };
  const worse = { config: config('worse'), lines: lines({ a: { intent: 'debug', language: ['sql'] }, b: gold.get('b') ?? null, c: null }) };

  it('scores each configuration and compares the others with the baseline', () => {
    const m = MetricsFileSchema.parse(buildMetrics(options([perfect, worse])));
    expect(m.baseline_config).toBe('perfect');
    expect(m.configs.perfect?.vs_baseline).toBeNull();
    expect(m.configs.perfect?.score.dimensions.intent?.headline).toBe(1);
    expect(m.configs.worse?.score.coverage.failed).toEqual(['c']);
    expect(m.configs.worse?.vs_baseline?.dimensions.intent?.diff).toBeLessThan(0);
  });

  it('lists the overall headline of every repeat', () => {
    const rep = { config: config('rep'), lines: [...lines(Object.fromEntries(gold)), ...lines({ a: null, b: null, c: null }, 1)] };
    const m = buildMetrics(options([rep], 2));
    expect(m.configs.rep?.repeats[0]).toBe(m.configs.rep?.score.overall);
    expect(m.configs.rep?.repeats[1]).not.toBe(m.configs.rep?.repeats[0]);
  });
});

describe('buildMetrics: calibration', () => {
  it('carries ece, brier and auroc per configuration and dimension, from sample_index 0', () => {
    const conf = (c: number) => ({ intent: c });
    const calibrated = {
      config: config('cal'),
      lines: [
        { ...lines({ a: gold.get('a')! })[0]!, confidence: conf(0.9) },
        { ...lines({ b: { intent: 'build', language: ['sql'] } })[0]!, confidence: conf(0.6) },
        { ...lines({ c: gold.get('c')! })[0]!, confidence: conf(0.8) },
      ],
    };
    const m = MetricsFileSchema.parse(JSON.parse(JSON.stringify(buildMetrics(options([calibrated])))));
    const intent = m.configs.cal!.calibration!.intent!;
    // By hand: right 0.9, wrong 0.6, right 0.8. Three bins of one: ECE = (0.1 + 0.6 + 0.2) / 3 = 0.3;
    // Brier = (0.01 + 0.36 + 0.04) / 3; AUROC = 1 (both right labels above the wrong one).
    expect(intent.n).toBe(3);
    expect(intent.ece).toBeCloseTo(0.3, 12);
    expect(intent.brier).toBeCloseTo(0.41 / 3, 12);
    expect(intent.auroc).toBe(1);
    expect(intent.coverage.at(-1)).toMatchObject({ kept: 3, coverage: 1 });
    // No language confidence was given: every sample is missing, nothing is computed.
    expect(m.configs.cal!.calibration!.language).toMatchObject({ n: 0, n_missing: 3, ece: null, verdict: 'undetermined' });
  });

  it('parses a metrics.json written before calibration existed', () => {
    const m = JSON.parse(JSON.stringify(buildMetrics(options([{ config: config('x'), lines: lines(Object.fromEntries(gold)) }])))) as { configs: Record<string, { calibration?: unknown }> };
    delete m.configs.x!.calibration;
    expect(MetricsFileSchema.parse(m).configs.x!.calibration).toBeUndefined();
  });
});

describe('metricsInputsHash', () => {
  it('changes with the confidences (calibration is computed from them)', () => {
    const base = { config: config('x'), lines: lines(Object.fromEntries(gold)) };
    const other = { config: config('x'), lines: base.lines.map((l) => ({ ...l, confidence: { intent: 0.5 } })) };
    expect(metricsInputsHash(options([base]))).not.toBe(metricsInputsHash(options([other])));
  });

  it('ignores line order but not labels', () => {
    const base = { config: config('x'), lines: lines(Object.fromEntries(gold)) };
    const reversed = { config: config('x'), lines: [...base.lines].reverse() };
    const changed = { config: config('x'), lines: lines({ ...Object.fromEntries(gold), c: null }) };
    expect(metricsInputsHash(options([base]))).toBe(metricsInputsHash(options([reversed])));
    expect(metricsInputsHash(options([base]))).not.toBe(metricsInputsHash(options([changed])));
  });
});

describe('renderRunSummary', () => {
  it('has a column per configuration with the difference to the baseline', () => {
    const m = buildMetrics(options([
      { config: config('perfect'), lines: lines(Object.fromEntries(gold)) },
      { config: config('worse'), lines: lines({ a: { intent: 'debug', language: ['sql'] }, b: null, c: null }) },
    ]));
    const stats = { model: 'x', prompt: null, axes: {}, samples: 3, labeled: 3, failed: 0, missing: 0, resumed: 0, cache: { hits: 0, misses: 0, writes: 0, hit_rate: null }, http_requests: 0, rate_limited: 0, tokens: { prompt: 0, completion: 0, cached: 0 }, cost_usd: 0, cost_usd_full: 0, latency_ms: { p50: 1, p95: 1 }, arbitration_rate: 0, unmapped_rate: 0, elapsed_ms: 1 };
    const text = renderRunSummary(m, { configs: { perfect: stats, worse: stats } } as never);
    expect(text).toMatch(/perfect.*worse/);
    expect(text).toMatch(/intent \(kappa\)\s*│ 1\.000\s*│ [-\d.]+ \(-[\d.]+\)/);
    expect(text).toMatch(/baseline configuration perfect/);
  });
});
