import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunLabels } from './run-labels.js';

const monitor = (calls: object[], error: string | null = null) => ({ labeler: 'llm', model: 'm', taxonomy_version: '3.1', calls, issues: {}, latency_ms: 1, error });

describe('readRunLabels', () => {
  it('keeps sample_index 0, tells transport failures from unparseable answers, and skips a torn last line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runs-'));
    const lines = [
      { id: 'a', sample_index: 0, config: 'c', config_hash: 'h', labels: { intent: 'build' }, labeling_monitor: monitor([{ name: 'call1', error: null, finish_reason: 'stop' }]) },
      { id: 'a', sample_index: 1, config: 'c', config_hash: 'h', labels: { intent: 'debug' }, labeling_monitor: monitor([]) },
      { id: 'b', sample_index: 0, config: 'c', config_hash: 'h', labels: null, labeling_monitor: monitor([{ name: 'call1', error: 'no usable JSON', finish_reason: 'stop' }], 'call1: no usable JSON') },
      { id: 'c', sample_index: 0, config: 'c', config_hash: 'h', labels: null, labeling_monitor: monitor([{ name: 'call1', error: 'HTTP 503', finish_reason: null }], 'call1: HTTP 503') },
    ];
    const path = join(dir, 'c.jsonl');
    writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"id": "d", "sample_`);
    const r = readRunLabels(path);
    expect([...r.labels]).toEqual([['a', { intent: 'build' }], ['b', null], ['c', null]]);
    expect(r.transportFailures).toEqual([{ id: 'c', error: 'call1: HTTP 503' }]);
    expect(readRunLabels(join(dir, 'none.jsonl')).labels.size).toBe(0);
  });
});
