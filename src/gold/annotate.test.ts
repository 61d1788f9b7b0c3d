import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Labeler } from '../labelers/types.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { annotateCandidates } from './annotate.js';
import { AnnotationRecordSchema } from './schema.js';

const taxonomy = loadTaxonomy();
const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

const LABELS = { intent: 'learn', language: ['python'], domain: 'data-engineering', task: ['concept-explanation'], difficulty: 'easy', concept: ['none'], agentic: ['none'], constraint: ['none'], context: ['none'] };

/** Labels every conversation the same, except ids containing "fail". */
const fakeLabeler: Labeler = {
  name: 'fake-pipeline',
  async label(conv) {
    const monitor = { version: 1 as const, labeler: 'fake-pipeline', model: 'm', prompt_version: null, taxonomy_version: '3.1', calls: [], issues: { unmapped: [], mapped: [], violations: [], skipped_rules: [], arbitration: [], truncation: null }, latency_ms: 0, error: null };
    if (conv.id.includes('fail')) return { labels: null, confidence: {}, labeling_monitor: { ...monitor, error: 'label parse failed' } };
    return { labels: LABELS, confidence: {}, labeling_monitor: monitor };
  },
};

function candidatesDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gold-annotate-'));
  temps.push(d);
  const rows = ['cand-1', 'cand-fail-2'].map((id) => ({ id, conversations: [{ from: 'human', value: 'what is a generator in python?' }, { from: 'gpt', value: 'A function that yields.' }] }));
  writeFileSync(join(d, 'candidates.jsonl'), `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return d;
}

describe('annotateCandidates', () => {
  it('writes a model-<model> annotation file whose every line is marked as a model annotation', async () => {
    const dir = candidatesDir();
    const r = await annotateCandidates({ labeler: fakeLabeler, modelId: 'strong/x', taxonomy, candidatesDir: dir, now: () => new Date('2026-11-25T12:00:00Z') });
    expect(r.file).toBe(join(dir, 'annotations', 'model-strong_x.jsonl'));
    expect(r.annotated).toBe(1);
    expect(r.failed).toEqual([{ id: 'cand-fail-2', reason: 'label parse failed' }]);
    const rows = readFileSync(r.file, 'utf8').trim().split('\n').map((l) => AnnotationRecordSchema.parse(JSON.parse(l)));
    expect(rows).toEqual([{ id: 'cand-1', labels: LABELS, model_annotation: { model: 'strong/x', labeler: 'fake-pipeline', created: '2026-11-25T12:00:00.000Z' } }]);
  });

  it('never overwrites a pass and refuses names not marked model-', async () => {
    const dir = candidatesDir();
    await annotateCandidates({ labeler: fakeLabeler, modelId: 'm', taxonomy, candidatesDir: dir });
    await expect(annotateCandidates({ labeler: fakeLabeler, modelId: 'm', taxonomy, candidatesDir: dir })).rejects.toThrow(/already exists/);
    await expect(annotateCandidates({ labeler: fakeLabeler, modelId: 'm', taxonomy, candidatesDir: dir, annotator: 'ann3' })).rejects.toThrow(/must start with "model-"/);
  });
});
