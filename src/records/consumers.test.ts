import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLabelCounts } from '../drift/index.js';
import { LabelingMonitorSchema } from '../labelers/monitor.js';
import { mergeOutputs } from '../production/merge.js';
import { loadLabelingSummary } from '../report/labeling/index.js';
import { configRunStats } from '../runner/config-stats.js';
import type { ConfigRuntime } from '../runner/configs.js';
import { RunLineSchema } from '../runner/results.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { readLabeledRecords } from './read.js';
import { StatsAccumulator } from './stats.js';

/**
 * Issue 13: `label` stats, `report --labels`, `run`'s per-configuration numbers, `merge` and `drift` all count a
 * labeled set through the one StatsAccumulator, so they agree. Until then `report --labels` and `run` divided the
 * arbitration and unmapped rates by every record (failed ones too); they are per labeled record now: here 1/3,
 * where `report --labels` said 1/4 and `run` said 2/4 (it also counted the failed record's arbitration).
 */
const taxonomy = loadTaxonomy();
const dir = mkdtempSync(join(tmpdir(), 'records-consumers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const call = { name: 'call1', model: 'm', attempts: 1, latency_ms: 5, prompt_tokens: 100, completion_tokens: 10, cached_tokens: 0, cost_usd: 0.001 };
const monitor = (issues: object = {}, error: string | null = null) =>
  LabelingMonitorSchema.parse({ labeler: 'llm', model: 'm', taxonomy_version: taxonomy.version, issues, latency_ms: 5, calls: [call], error });
const arbitration = [{ dimension: 'intent', before: 'debug', after: 'build', votes: 3, confidence: 0.7 }];
const records = [
  { id: 'r1', labels: { intent: 'build', language: ['python', 'sql'] }, confidence: { intent: 0.9 }, labeling_monitor: monitor({ arbitration }) },
  { id: 'r2', labels: { intent: 'debug', language: ['python'] }, confidence: { intent: 0.4 }, labeling_monitor: monitor({ unmapped: [{ dimension: 'language', value: 'cobolx' }] }) },
  { id: 'r3', labels: { intent: 'build' }, confidence: {}, labeling_monitor: monitor() },
  { id: 'r4', labels: null, confidence: {}, labeling_monitor: monitor({ arbitration }, 'answer not parseable') },
];

describe('one accumulator, one set of numbers', () => {
  it('label stats, report --labels, run, merge and drift agree on counts, distributions and rates', async () => {
    const file = join(dir, 'labeled_x.jsonl');
    writeFileSync(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));

    // `label`: stats_*.json from the accumulator.
    const acc = new StatsAccumulator(taxonomy);
    for await (const { record, index } of readLabeledRecords(file)) {
      const o = acc.addRecord(record);
      if (o.labels === null) acc.countFailed({ id: String(record.id), index, stage: 'labeler', reason: o.labeling_monitor?.error ?? '' });
      else acc.countLabeled();
    }
    const info = {
      tool_version: 't', taxonomy_version: taxonomy.version, model: 'm', labeler: 'llm', input: 'in.jsonl', output: file, monitor: 'monitor_x.jsonl',
      selection: { limit: null, shuffle: false, seed: null, shard: null, resume: false, retry_failed: false }, started_at: '2026-01-01T00:00:00.000Z',
    };
    const stats = acc.snapshot(info, { elapsedMs: 1000, finishedAt: '2026-01-01T00:00:01.000Z', peakRssMb: 1 });
    expect([stats.labeled, stats.failed]).toEqual([3, 1]);
    expect([stats.arbitration.rate, stats.unmapped.rate]).toEqual([1 / 3, 1 / 3]);
    expect(acc.rates).toEqual({ arbitration: 1 / 3, unmapped: 1 / 3, violation: 0, failure: 1 / 4 });

    // `report --labels`
    const summary = await loadLabelingSummary({ labels: file, stats: join(dir, 'none.json'), taxonomy });
    expect([summary.labeled, summary.failed, summary.arbitration.rate, summary.unmapped.rate]).toEqual([3, 1, 1 / 3, 1 / 3]);
    const lang = summary.distributions.find((d) => d.dimension === 'language')!.tags;
    expect(Object.fromEntries(lang.map((t) => [t.tag, t.count]))).toEqual(stats.distributions.language);
    expect(summary.tokens).toEqual({ prompt: stats.tokens.prompt, completion: stats.tokens.completion, cached: stats.tokens.cached });

    // `run`: run.json's numbers for a configuration whose runs file holds the same records.
    const lines = records.map((r) => RunLineSchema.parse({ ...r, sample_index: 0, config: 'c', config_hash: 'h' }));
    const runtime = { config: { name: 'c', model: 'm', prompt: null, axes: {} }, model: null, cache: null, http: { requests: 0, rateLimited: 0 } } as unknown as ConfigRuntime;
    const run = configRunStats({ runtime, lines, expected: 4, resumed: 0, spentUsd: 0, elapsedMs: 1, taxonomy });
    expect([run.labeled, run.failed, run.arbitration_rate, run.unmapped_rate]).toEqual([3, 1, 1 / 3, 1 / 3]);
    expect(run.tokens).toEqual(summary.tokens);

    // `merge` of the set as its only shard: distributions and confidence recomputed from the records, rates kept.
    writeFileSync(join(dir, 'stats_x.json'), JSON.stringify(stats));
    const merged = await mergeOutputs({ inputs: [file], output: join(dir, 'merged.jsonl'), taxonomy });
    expect(merged.stats.distributions).toEqual(stats.distributions);
    expect(merged.stats.confidence).toEqual(stats.confidence);
    expect([merged.stats.arbitration.rate, merged.stats.unmapped.rate, merged.stats.labeled]).toEqual([1 / 3, 1 / 3, 3]);

    // `drift`
    const counts = await readLabelCounts(file, taxonomy);
    expect([counts.records, counts.labeled]).toEqual([4, 3]);
    expect(Object.fromEntries(counts.counts.get('language')!)).toEqual(stats.distributions.language);
  });
});
