import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobKey, openRunsWriter, readPriorRuns, readRunLines } from './runs-file.js';

const monitor = { labeler: 'rules', model: 'rules', taxonomy_version: '3.1', issues: {}, latency_ms: 1 };
const line = (id: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ id, sample_index: 0, config: 'c', config_hash: 'h1', labels: { intent: 'build' }, confidence: {}, labeling_monitor: monitor, ...extra });

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'runs-file-')), 'c.jsonl');
  writeFileSync(path, text);
  return path;
}

describe('readPriorRuns', () => {
  it('keeps complete labeled lines of the same fingerprint and rewrites the file without the rest', () => {
    const path = file(
      [line('a'), line('b', { labels: null }), line('c', { config_hash: 'old' }), line('a'), line('d', { sample_index: 1 })].join('\n') + '\n' + line('e').slice(0, 30),
    );
    const prior = readPriorRuns(path, 'h1');
    expect([...prior.finished.keys()]).toEqual([jobKey('a', 0), jobKey('d', 1)]);
    expect(prior.dropped).toBe(4); // failed b, old c, duplicate a, torn e
    expect(readFileSync(path, 'utf8')).toBe(`${line('a')}\n${line('d', { sample_index: 1 })}\n`);
  });

  it('leaves an intact file untouched and reports nothing dropped', () => {
    const text = `${line('a')}\n${line('b')}\n`;
    const path = file(text);
    expect(readPriorRuns(path, 'h1').dropped).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('is empty for a missing file', () => {
    expect(readPriorRuns(join(tmpdir(), 'does-not-exist.jsonl'), 'h1').finished.size).toBe(0);
  });
});

describe('openRunsWriter', () => {
  it('appends whole lines, and fresh starts from an empty file', () => {
    const path = file(`${line('old')}\n`);
    const w = openRunsWriter(path, { fresh: true });
    w.append(JSON.parse(line('a')));
    w.append(JSON.parse(line('b')));
    expect(readRunLines(path).map((l) => l.id)).toEqual(['a', 'b']);
    openRunsWriter(path, { fresh: false }).append(JSON.parse(line('c')));
    expect(readRunLines(path).map((l) => l.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('readRunLines', () => {
  it('ignores a torn last line and unparseable lines', () => {
    const path = file(`${line('a')}\nnot json\n${line('b').slice(0, 20)}`);
    expect(readRunLines(path).map((l) => l.id)).toEqual(['a']);
  });
});
