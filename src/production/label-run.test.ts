import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, UsageError } from '../errors/index.js';
import { preprocess } from '../preprocess/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { fakeLabeler, type FakeOptions } from '../labelers/__fixtures__/fake-labeler.js';
import { runLabel, type LabelRunOptions } from './label-run.js';
import { LabelStatsSchema } from '../records/stats-schema.js';

const taxonomy = loadTaxonomy();

function conv(i: number): object {
  return { id: `r${i}`, messages: [{ role: 'user', content: `write a python function number ${i}` }, { role: 'assistant', content: '```python\ndef f():\n    return 1\n```' }], meta: { n: i } };
}
/** n good records, plus a bad JSON line after record 2 and a record without a user turn after record 4. */
function inputFile(n: number, extra = true): { dir: string; input: string; records: object[] } {
  const dir = mkdtempSync(join(tmpdir(), 'run-'));
  const records = Array.from({ length: n }, (_, i) => conv(i));
  const lines = records.map((r) => JSON.stringify(r));
  if (extra) {
    lines.splice(3, 0, '{"id": "broken", "messages": [');
    lines.splice(6, 0, JSON.stringify({ id: 'nouser', messages: [{ role: 'assistant', content: 'hi' }] }));
  }
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, `${lines.join('\n')}\n`);
  return { dir, input, records };
}
function opts(input: string, output: string, fake: FakeOptions = {}, extra: Partial<LabelRunOptions> = {}): LabelRunOptions {
  return { input, output, labeler: fakeLabeler(fake), model: 'fake-model', taxonomy, preprocess, toolVersion: '0.0.0-test', concurrency: 4, ...extra };
}
const readJsonl = (p: string): Array<Record<string, unknown>> => readFileSync(p, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('runLabel', () => {
  it('labels JSONL to JSONL in input order, lists bad records, writes monitor and stats beside the output', async () => {
    const { dir, input, records } = inputFile(12);
    const delay = (id: string): number => (Number(id.slice(1)) * 7) % 5;
    const { stats, paths } = await runLabel(opts(input, join(dir, 'labeled_x.jsonl'), { delay, failIds: new Set(['r5']) }));
    expect(paths).toEqual({ output: join(dir, 'labeled_x.jsonl'), stats: join(dir, 'stats_x.json'), monitor: join(dir, 'monitor_x.jsonl') });
    const out = readJsonl(paths.output);
    expect(out.map((r) => r.id)).toEqual(records.map((r) => (r as { id: string }).id));
    out.forEach((r, i) => {
      const { labels, confidence, labeling_monitor, ...rest } = r;
      expect(rest).toEqual(records[i]);
      expect(labeling_monitor).toBeTypeOf('object');
      expect(confidence).toBeTypeOf('object');
      expect(labels === null).toBe(r.id === 'r5');
    });
    expect(stats).toMatchObject({ records_in: 14, labeled: 11, failed: 3, input_failed: 2, labeler_failed: 1 });
    expect(stats.failures.map((f) => [f.index, f.line, f.stage])).toEqual([[3, 4, 'input'], [6, 7, 'input'], [7, 8, 'labeler']]);
    expect(stats.failures[1]?.id).toBe('nouser');
    expect(stats.failures[2]?.reason).toContain('LabelParseError');
    const saved = LabelStatsSchema.parse(JSON.parse(readFileSync(paths.stats, 'utf8')));
    expect(saved.records_in).toBe(saved.labeled + saved.failed);
    expect(saved).toMatchObject({ prompt_version: 'p1', model: 'fake-model', labeler: 'fake', complete: true, input });
    const mon = readJsonl(paths.monitor);
    expect(mon).toHaveLength(12);
    expect(mon[0]).toMatchObject({ id: 'r0', index: 0, line: 1, labeler: 'fake' });
  });

  it('turns a labeler that throws into a failed record instead of a crash', async () => {
    const { dir, input } = inputFile(3, false);
    const { stats } = await runLabel(opts(input, join(dir, 'o.jsonl'), { throwIds: new Set(['r1']) }));
    expect(stats).toMatchObject({ labeled: 2, failed: 1 });
    expect(stats.failures[0]?.reason).toMatch(/threw on record r1: Error: boom on r1/);
    expect(readJsonl(join(dir, 'o.jsonl'))[1]?.labels).toBeNull();
  });

  it('resumes: a second run labels only the ids not yet in the output', async () => {
    const { dir, input } = inputFile(10);
    const output = join(dir, 'o.jsonl');
    await runLabel(opts(input, output, {}, { select: { limit: 5 } }));
    appendFileSync(output, '{"id":"r4","cut mid-li'); // a crash mid-write
    const seen: string[] = [];
    const { stats } = await runLabel(opts(input, output, { seen }));
    expect(seen).toEqual(['r4', 'r5', 'r6', 'r7', 'r8', 'r9']);
    const ids = readJsonl(output).map((r) => r.id);
    expect(ids).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9']);
    expect(stats).toMatchObject({ records_in: 12, labeled: 10, failed: 2, resumed: 4 });
    expect(stats.distributions.intent).toEqual({ build: 10 });
    expect(readJsonl(join(dir, 'monitor_o.jsonl')).map((m) => m.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9']);
  });

  it('counts earlier output records that are not in this selection (index -1), so counts match the output', async () => {
    const { dir, input } = inputFile(4, false);
    const output = join(dir, 'o.jsonl');
    await runLabel(opts(input, output, { failIds: new Set(['r3']) }));
    // (Another input is refused: checks.ts; a smaller --limit over the same input leaves records unselected.)
    const seen: string[] = [];
    const { stats } = await runLabel(opts(input, output, { seen }, { select: { limit: 2 } }));
    expect(seen).toEqual([]);
    expect(stats).toMatchObject({ records_in: 4, labeled: 3, failed: 1, resumed: 4 });
    expect(stats.failures).toEqual([{ id: 'r3', index: -1, stage: 'labeler', reason: 'LabelParseError: no JSON in the answer' }]);
  });

  it('--retry-failed labels again only the failures and rewrites the output without them', async () => {
    const { dir, input } = inputFile(6, false);
    const output = join(dir, 'o.jsonl');
    await runLabel(opts(input, output, { failIds: new Set(['r1', 'r4']) }));
    const seen: string[] = [];
    const { stats } = await runLabel(opts(input, output, { seen }, { retryFailed: true }));
    expect(seen).toEqual(['r1', 'r4']);
    const out = readJsonl(output);
    expect(out.map((r) => r.id).sort()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
    expect(out.every((r) => r.labels !== null)).toBe(true);
    expect(stats).toMatchObject({ records_in: 6, labeled: 6, failed: 0, resumed: 4 });
  });

  it('resumes a JSON array output by rewriting it atomically', async () => {
    const { dir, input } = inputFile(6, false);
    const output = join(dir, 'o.json');
    await runLabel(opts(input, output, {}, { select: { limit: 2 } }));
    const seen: string[] = [];
    await runLabel(opts(input, output, { seen }));
    expect(seen).toEqual(['r2', 'r3', 'r4', 'r5']);
    const out = JSON.parse(readFileSync(output, 'utf8')) as Array<{ id: string }>;
    expect(out.map((r) => r.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('refuses to resume an output labeled with another model', async () => {
    const { dir, input } = inputFile(3, false);
    const output = join(dir, 'o.jsonl');
    await runLabel(opts(input, output, {}, { select: { limit: 1 } }));
    await expect(runLabel(opts(input, output, {}, { model: 'other-model' }))).rejects.toThrow(/--model fake-model, now other-model.*--fresh/);
    const { stats } = await runLabel(opts(input, output, {}, { model: 'other-model', fresh: true }));
    expect(stats.labeled).toBe(3);
  });

  it('creates the output folders', async () => {
    const { dir, input } = inputFile(2, false);
    const { paths } = await runLabel(opts(input, join(dir, 'a', 'b', 'labeled_x.json'), {}, { stats: join(dir, 'c', 's.json') }));
    expect(JSON.parse(readFileSync(paths.output, 'utf8'))).toHaveLength(2);
    expect(existsSync(join(dir, 'c', 's.json')) && existsSync(join(dir, 'a', 'b', 'monitor_x.jsonl'))).toBe(true);
  });

  it('--fresh overwrites instead of resuming', async () => {
    const { dir, input } = inputFile(4, false);
    const output = join(dir, 'o.jsonl');
    await runLabel(opts(input, output));
    const seen: string[] = [];
    const { stats } = await runLabel(opts(input, output, { seen }, { fresh: true }));
    expect(seen).toHaveLength(4);
    expect(readJsonl(output)).toHaveLength(4);
    expect(stats.resumed).toBe(0);
  });

  it('stops on an abort signal: JSONL keeps a resumable prefix, a JSON array is not published', async () => {
    const { dir, input } = inputFile(60, false);
    for (const name of ['o.jsonl', 'o.json']) {
      const output = join(dir, name);
      const controller = new AbortController();
      const progress = { update: (n: number) => void (n === 5 && controller.abort()), setTotal: () => undefined, finish: () => undefined };
      const first = await runLabel(opts(input, output, {}, { signal: controller.signal, progress }));
      expect(first.interrupted).toBe(true);
      // Records started before the stop finish and are written; none after it is started.
      const done = first.stats.records_in;
      expect(done).toBeGreaterThanOrEqual(5);
      expect(done).toBeLessThan(60);
      expect(first.stats).toMatchObject({ complete: false, labeled: done });
      if (name === 'o.json') expect(existsSync(output)).toBe(false);
      else expect(readJsonl(output).map((r) => r.id)).toEqual(Array.from({ length: done }, (_, i) => `r${i}`));
      const second = await runLabel(opts(input, output));
      expect(second.stats).toMatchObject({ complete: true, records_in: 60, labeled: 60, resumed: name === 'o.json' ? 0 : done });
    }
  });

  it('fails on an unreadable input before touching the output', async () => {
    const { dir } = inputFile(1, false);
    const output = join(dir, 'o.jsonl');
    writeFileSync(output, 'keep me\n');
    await expect(runLabel(opts(join(dir, 'missing.jsonl'), output, {}, { fresh: true }))).rejects.toThrow(InputError);
    expect(readFileSync(output, 'utf8')).toBe('keep me\n');
    expect(existsSync(join(dir, 'stats_o.json'))).toBe(false);
  });

  it('refuses an output that is the input, and --retry-failed without an earlier output', async () => {
    const { dir, input } = inputFile(1, false);
    await expect(runLabel(opts(input, input))).rejects.toThrow(UsageError);
    await expect(runLabel(opts(input, join(dir, 'new.jsonl'), {}, { retryFailed: true }))).rejects.toThrow(/no earlier output/);
  });
});
