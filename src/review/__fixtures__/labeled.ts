import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../../util/paths.js';

/** The formula payloads a hostile dataset could carry, one per trigger character. */
export const INJECTIONS = ['=HYPERLINK("http://evil.example","click")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1+1)', '\t=1+1', '\r=1+1'];

/**
 * A labeled output (JSONL) made from the first `n` gold/v1 samples with their gold labels as predictions, so a
 * review CSV of it lines up with the gold set; the first sample's user turn starts with a formula payload and its
 * labeling monitor reports an unmapped tag starting with `=`.
 */
export function writeLabeledFromGold(file: string, n = 5): string[] {
  const goldDir = packagePath('gold', 'v1');
  const samples = readFileSync(join(goldDir, 'samples.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, n).map((l) => JSON.parse(l) as Record<string, unknown>);
  const labels = new Map(readFileSync(join(goldDir, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => {
    const r = JSON.parse(l) as { id: string; labels: unknown };
    return [r.id, r.labels];
  }));
  const lines = samples.map((s, i) => {
    const rec: Record<string, unknown> = { ...s, labels: labels.get(s.id as string), confidence: { intent: 0.9, language: 0.8 } };
    if (i === 0) {
      rec.conversations = [{ from: 'human', value: INJECTIONS[0] }, { from: 'gpt', value: 'ok' }];
      rec.labeling_monitor = {
        labeler: 'test', model: 'm', taxonomy_version: '3.1', latency_ms: 1,
        issues: { unmapped: [{ dimension: 'concept', value: '=evil()' }] },
      };
    }
    return JSON.stringify(rec);
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
  return samples.map((s) => s.id as string);
}
