import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabelStatsSchema } from '../../records/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { loadLabelingSummary, renderLabelingHtml, renderLabelingMarkdown, writeLabelingSummary } from './index.js';

const taxonomy = loadTaxonomy();
let tmp: string;
let labeled: string;
const monitor = (extra: Record<string, unknown> = {}) => ({
  labeler: 'llm', model: 'm', taxonomy_version: '3.1', latency_ms: 5,
  calls: [{ name: 'call1', model: 'm', attempts: 1, latency_ms: 5, prompt_tokens: 100, completion_tokens: 10, cached_tokens: 50, cost_usd: 0.001 }],
  issues: {}, ...extra,
});

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sft-label-labeling-'));
  labeled = join(tmp, 'labeled_x.jsonl');
  const conv = (q: string) => [{ from: 'human', value: q }, { from: 'gpt', value: 'a' }];
  const recs = [
    { id: 'r1', conversations: conv('q1'), labels: { intent: 'build', language: ['python', 'sql'] }, confidence: { intent: 0.95, language: 0.05 }, labeling_monitor: monitor() },
    {
      id: 'r2', conversations: conv('q2'), labels: { intent: 'build', language: ['python'] }, confidence: { intent: 0.55 },
      labeling_monitor: monitor({ issues: { unmapped: [{ dimension: 'language', value: '<img src=x onerror=alert(1)>' }], arbitration: [{ dimension: 'intent', before: 'debug', after: 'build', votes: 3, confidence: 0.7 }] } }),
    },
    { id: 'r3', conversations: conv('q3'), labels: null, confidence: {}, labeling_monitor: monitor({ error: 'HTTP 500 after 4 attempts' }) },
  ];
  writeFileSync(labeled, recs.map((r) => JSON.stringify(r)).join('\n'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadLabelingSummary', () => {
  it('counts distributions, confidence bins, arbitration, unmapped, failures and cost from the records', async () => {
    const s = await loadLabelingSummary({ labels: labeled, taxonomy });
    expect([s.records, s.labeled, s.failed]).toEqual([3, 2, 1]);
    expect(s.distributions.find((d) => d.dimension === 'language')!.tags).toEqual([{ tag: 'python', count: 2 }, { tag: 'sql', count: 1 }]);
    const intent = s.confidence.find((c) => c.dimension === 'intent')!;
    expect(intent.bins).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(intent.mean).toBeCloseTo(0.75, 12);
    expect(s.confidence.find((c) => c.dimension === 'language')!).toMatchObject({ bins: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0], missing: 1 });
    // Per labeled record since issue 13 (records/rates.ts): 1 arbitrated of 2 labeled; it was 1 of 3 records before.
    expect(s.arbitration).toEqual({ samples: 1, rate: 1 / 2, byDimension: { intent: 1 } });
    expect(s.unmapped).toMatchObject({ samples: 1, rate: 1 / 2 });
    expect(s.unmapped.values).toEqual([{ dimension: 'language', value: '<img src=x onerror=alert(1)>', count: 1 }]);
    expect(s.failures).toEqual([{ id: 'r3', where: `${labeled}:3`, stage: 'labeler', reason: 'HTTP 500 after 4 attempts' }]);
    expect(s.tokens).toEqual({ prompt: 300, completion: 30, cached: 150 });
    expect(s.cost.totalUsd).toBeCloseTo(0.003, 12);
    expect(s.notes[0]).toMatch(/stats_x\.json not found/);
  });

  it('adds input failures and versions from stats_*.json (bad input records never reach the output)', async () => {
    const stats = LabelStatsSchema.parse({
      version: 1, complete: true, tool_version: '9.9.9', taxonomy_version: '3.1', model: 'deepseek', labeler: 'llm', prompt_version: 'v2',
      input: 'in.jsonl', output: labeled, monitor: 'm.jsonl',
      selection: { limit: null, shuffle: false, seed: null, shard: null, resume: false, retry_failed: false },
      started_at: 'a', finished_at: 'b', elapsed_s: 12.5, records_in: 4, labeled: 2, failed: 2, input_failed: 1, labeler_failed: 1, resumed: 0, oversized: 0,
      failures: [{ index: 7, line: 8, stage: 'input', reason: 'no user turn' }, { id: 'r3', index: 2, stage: 'labeler', reason: 'HTTP 500' }], failures_omitted: 0,
      distributions: {}, confidence: {}, arbitration: { samples: 0, rate: 0, by_dimension: {} },
      unmapped: { samples: 0, rate: 0, total: 0, by_dimension: {} }, violations: { samples: 0, rate: 0, by_rule: {} },
      calls: { total: 0, cache_hits: 0, errors: 0 }, tokens: { prompt: 0, completion: 0, cached: 0, total: 0 },
      cost: { total_usd: 0, per_sample_usd: null, unpriced_calls: 0 }, throughput: { records_per_s: 1 }, peak_rss_mb: 1,
    });
    writeFileSync(join(tmp, 'stats_x.json'), JSON.stringify(stats));
    try {
      const s = await loadLabelingSummary({ labels: labeled, taxonomy });
      expect([s.records, s.failed, s.model, s.promptVersion, s.toolVersion, s.elapsedS]).toEqual([4, 2, 'deepseek', 'v2', '9.9.9', 12.5]);
      expect(s.failures.map((f) => [f.stage, f.where, f.reason])).toEqual([
        ['labeler', `${labeled}:3`, 'HTTP 500 after 4 attempts'],
        ['input', 'in.jsonl:8', 'no user turn'],
      ]);
      expect(s.notes).toEqual([]);
    } finally {
      rmSync(join(tmp, 'stats_x.json'));
    }
  });
});

describe('renderLabelingHtml', () => {
  it('escapes data and carries a CSP without any script', async () => {
    const html = renderLabelingHtml(await loadLabelingSummary({ labels: labeled, taxonomy }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain("script-src 'none'".replace(/'/g, '&#x27;'));
    expect(html).not.toContain('<script');
  });
});

describe('writeLabelingSummary', () => {
  it('writes summary_<name>.html and .md beside the labeled file', async () => {
    const r = await writeLabelingSummary({ labels: labeled, taxonomy });
    expect(r.html).toBe(join(tmp, 'summary_x.html'));
    expect(readFileSync(r.markdown, 'utf8')).toContain('| 3 | 2 | 1 (33.3%) |');
    expect(renderLabelingMarkdown(r.summary)).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
