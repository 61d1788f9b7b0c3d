import { describe, expect, it } from 'vitest';
import { LabelingMonitorSchema } from '../labelers/monitor.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { VALID_LABELS } from '../labelers/__fixtures__/fake-labeler.js';
import { LabelStatsSchema } from './stats-schema.js';
import { StatsAccumulator, type RunInfo } from './stats.js';

const tax = loadTaxonomy();
const info: RunInfo = {
  tool_version: '0.1.0',
  taxonomy_version: tax.version,
  model: 'm',
  labeler: 'l',
  input: 'in.jsonl',
  output: 'out.jsonl',
  monitor: 'monitor_out.jsonl',
  selection: { limit: null, shuffle: false, seed: null, shard: null, resume: false, retry_failed: false },
  started_at: '2026-01-01T00:00:00.000Z',
};
const monitor = (extra: object = {}) =>
  LabelingMonitorSchema.parse({ labeler: 'l', model: 'm', taxonomy_version: '3.1', issues: {}, latency_ms: 1, ...extra });

describe('StatsAccumulator', () => {
  it('reconciles counts and lists failures with their positions', () => {
    const s = new StatsAccumulator(tax);
    s.countLabeled();
    s.countLabeled({ resumed: true });
    s.countFailed({ index: 2, line: 3, stage: 'input', reason: 'invalid JSON' });
    s.countFailed({ id: 'x', index: 3, stage: 'labeler', reason: 'parse' });
    const out = LabelStatsSchema.parse(s.snapshot(info, { elapsedMs: 2000, finishedAt: 'now', peakRssMb: 10 }));
    expect(out).toMatchObject({ records_in: 4, labeled: 2, failed: 2, input_failed: 1, labeler_failed: 1, resumed: 1, complete: true });
    expect(out.failures).toEqual([
      { index: 2, line: 3, stage: 'input', reason: 'invalid JSON' },
      { id: 'x', index: 3, stage: 'labeler', reason: 'parse' },
    ]);
    // resumed records were not labeled in this run's time
    expect(out.throughput.records_per_s).toBe(1.5);
  });

  it('counts tags, confidence (mean/min/p10), issues, tokens and cost', () => {
    const s = new StatsAccumulator(tax);
    for (let i = 0; i < 10; i++) {
      s.addOutcome({
        labels: VALID_LABELS,
        confidence: { intent: (i + 1) / 10 },
        labeling_monitor: monitor({
          calls: [{ name: 'call1', model: 'm', attempts: 1, latency_ms: 1, prompt_tokens: 10, completion_tokens: 2, cost_usd: i < 5 ? 0.01 : null }],
          issues: i === 0 ? { unmapped: [{ dimension: 'concept', value: 'monads' }], arbitration: [{ dimension: 'task', before: null, after: null, votes: 3, confidence: 0.7 }] } : {},
        }),
      });
      s.countLabeled();
    }
    s.addOutcome({ labels: null, confidence: {}, labeling_monitor: monitor({ error: 'x' }) });
    s.countFailed({ index: 10, stage: 'labeler', reason: 'x' });
    const out = s.snapshot(info, { elapsedMs: 1000, finishedAt: null, peakRssMb: 1 });
    expect(out.complete).toBe(false);
    expect(out.distributions.intent).toEqual({ build: 10 });
    expect(out.distributions.language).toEqual({ python: 10 });
    expect(out.confidence.intent).toEqual({ n: 10, mean: 0.55, min: 0.1, p10: 0.1 });
    expect(out.confidence.domain).toEqual({ n: 0, mean: null, min: null, p10: null });
    expect(out.unmapped).toEqual({ samples: 1, rate: 0.1, total: 1, by_dimension: { concept: { monads: 1 } } });
    expect(out.arbitration).toEqual({ samples: 1, rate: 0.1, by_dimension: { task: 1 } });
    expect(out.tokens).toEqual({ prompt: 100, completion: 20, cached: 0, total: 120 });
    expect(out.cost.total_usd).toBeCloseTo(0.05, 12);
    expect(out.cost.unpriced_calls).toBe(5);
    expect(out.cost.per_sample_usd).toBeCloseTo(0.05 / 11, 12);
  });

  it('counts the retries inside calls, also of calls that succeeded in the end', () => {
    const s = new StatsAccumulator(tax);
    const failed = (n: number) => Array.from({ length: n }, (_, i) => ({ attempt: i + 1, kind: 'http', status: 429, message: 'HTTP 429', delay_ms: 1000 }));
    s.addOutcome({
      labels: VALID_LABELS,
      confidence: {},
      labeling_monitor: monitor({
        calls: [
          { name: 'call1', model: 'm', attempts: 3, latency_ms: 1, failed_attempts: failed(2) },
          { name: 'call2', model: 'm', attempts: 1, latency_ms: 1 },
        ],
      }),
    });
    s.addOutcome({ labels: null, confidence: {}, labeling_monitor: monitor({ error: 'x', calls: [{ name: 'call1', model: 'm', attempts: 4, latency_ms: 1, error: 'x', failed_attempts: failed(4) }] }) });
    const out = LabelStatsSchema.parse(s.snapshot(info, { elapsedMs: 1, finishedAt: 'now', peakRssMb: 1 }));
    expect(out.calls).toEqual({ total: 3, cache_hits: 0, errors: 1, failed_attempts: 6, retried: 2 });
  });

  it('gives zeros and nulls for an empty run, valid against the schema', () => {
    const out = new StatsAccumulator(tax).snapshot(info, { elapsedMs: 0, finishedAt: 'now', peakRssMb: 0 });
    expect(LabelStatsSchema.safeParse(out).success).toBe(true);
    expect(out).toMatchObject({ records_in: 0, labeled: 0, failed: 0, failures: [] });
    expect(out.cost.per_sample_usd).toBeNull();
    expect(Object.keys(out.distributions)).toHaveLength(9);
  });
});
