import { describe, expect, it } from 'vitest';
import { buildMonitor, LabelingMonitorSchema } from './monitor.js';

describe('buildMonitor', () => {
  it('fills defaults in the committed key order and passes the schema', () => {
    const m = buildMonitor({ labeler: 'rules', model: 'rules', taxonomyVersion: 't1', latencyMs: -1 });
    expect(Object.keys(m)).toEqual(['version', 'labeler', 'model', 'prompt_version', 'taxonomy_version', 'calls', 'issues', 'latency_ms', 'error']);
    expect(Object.keys(m.issues)).toEqual(['unmapped', 'mapped', 'violations', 'skipped_rules', 'arbitration', 'truncation']);
    expect(m).toMatchObject({ prompt_version: null, calls: [], latency_ms: 0, error: null });
    expect(LabelingMonitorSchema.parse(m)).toEqual(m);
  });
  it('puts `repaired` after `mapped`, as the LLM labeler always wrote it', () => {
    const m = buildMonitor({ labeler: 'llm', model: 'x', taxonomyVersion: 't', latencyMs: 3, issues: { violations: [], repaired: [] } });
    expect(Object.keys(m.issues).slice(0, 4)).toEqual(['unmapped', 'mapped', 'repaired', 'violations']);
  });
});
