import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordId } from '../conversation/index.js';
import { InputError } from '../errors/index.js';
import { readGoldLabels, readPredLabels } from './io.js';

const fx = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url).pathname;

describe('readGoldLabels', () => {
  it('reads a gold directory through its labels.jsonl, or the labels file itself', async () => {
    const dir = await readGoldLabels(fx('gold'));
    expect([...dir.keys()]).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
    expect(dir.get('s2')).toEqual({ intent: 'debug', difficulty: 'intermediate', language: ['python', 'sql'] });
    expect(await readGoldLabels(fx('gold/labels.jsonl'))).toEqual(dir);
  });

  it('refuses null labels in gold, naming file:line', async () => {
    const d = mkdtempSync(join(tmpdir(), 'score-io-'));
    const f = join(d, 'labels.jsonl');
    writeFileSync(f, '{"id":"a","labels":{"intent":"build"}}\n{"id":"b","labels":null}\n');
    await expect(readGoldLabels(f)).rejects.toThrow(`${f}:2: labels`);
  });
});

describe('readPredLabels', () => {
  it('reads labeled JSONL, keeps labels: null as a failure, and skips blank lines', async () => {
    const p = await readPredLabels(fx('pred.jsonl'));
    expect(p.size).toBe(6);
    expect(p.get('s4')).toBeNull();
    expect(p.get('s3')).toEqual({ intent: 'build', difficulty: 'trivial', language: ['javascript', 'typescript'] });
  });

  it('reads a JSON array', async () => {
    expect((await readPredLabels(fx('pred-b.json'))).get('s6')).toEqual({ intent: 'learn', difficulty: 'easy', language: ['python'] });
  });

  it('uses recordId for records without an id (content hash, labels ignored)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'score-io-'));
    const f = join(d, 'out.jsonl');
    const rec = { messages: [{ role: 'user', content: 'hi' }] };
    writeFileSync(f, `${JSON.stringify({ ...rec, labels: { intent: 'learn' } })}\n`);
    expect([...(await readPredLabels(f)).keys()]).toEqual([recordId(rec)]);
  });

  it('lists every problem at once with file:line', async () => {
    const f = fx('bad-pred.jsonl');
    const err = await readPredLabels(f).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const msg = (err as Error).message;
    expect(msg).toContain('4 problem(s)');
    expect(msg).toContain(`${f}:2: labels.intent:`);
    expect(msg).toContain(`${f}:3: invalid JSON`);
    expect(msg).toContain(`${f}:4: missing "labels"`);
    expect(msg).toContain(`${f}:5: duplicate id "s1"`);
  });

  it('reports a missing file as InputError', async () => {
    await expect(readPredLabels('/no/such/file.jsonl')).rejects.toBeInstanceOf(InputError);
  });
});
