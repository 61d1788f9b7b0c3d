import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordId } from '../conversation/index.js';
import { InputError } from '../errors/index.js';
import { resolveLabeler } from '../labelers/index.js';
import { LabelStatsSchema } from '../records/index.js';
import { parseShard, runLabel } from './index.js';
import { preprocess } from '../preprocess/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';
import { mergeOutputs } from './merge.js';

const taxonomy = loadTaxonomy();
const tmp = (): string => mkdtempSync(join(tmpdir(), 'merge-'));
const jsonl = (p: string): Array<Record<string, unknown>> => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

async function label(input: string, output: string, shard?: string): Promise<void> {
  const { labeler } = await resolveLabeler({ model: 'rules', taxonomy, env: {}, cwd: process.cwd() });
  await runLabel({
    input,
    output,
    labeler,
    model: 'rules',
    taxonomy,
    preprocess,
    toolVersion: 'test',
    select: shard ? { shard: parseShard(shard) } : {},
  });
}

describe('mergeOutputs', () => {
  it('joins shard outputs into exactly the whole set, no duplicates, with merged stats', async () => {
    const dir = tmp();
    const input = join(dir, 'in.jsonl');
    const synth = (await import(pathToFileURL(packagePath('bench', 'synth.mjs')).href)) as { writeSyntheticJsonl(p: string, n: number, seed?: number): Promise<void> };
    await synth.writeSyntheticJsonl(input, 600, 5);
    // One bad line, so input failures are merged too.
    writeFileSync(input, `${readFileSync(input, 'utf8')}{"id": "broken",\n`);
    const shards = ['1/4', '2/4', '3/4', '4/4'].map((s, i) => join(dir, `labeled_part${i + 1}.jsonl`));
    for (const [i, out] of shards.entries()) await label(input, out, `${i + 1}/4`);
    await label(input, join(dir, 'labeled_whole.jsonl'));
    const r = await mergeOutputs({ inputs: shards, output: join(dir, 'labeled_all.jsonl'), taxonomy });
    const merged = jsonl(join(dir, 'labeled_all.jsonl'));
    const whole = jsonl(join(dir, 'labeled_whole.jsonl'));
    const ids = merged.map((x) => recordId(x));
    expect(new Set(ids).size).toBe(ids.length);
    const strip = (x: Record<string, unknown>): string => JSON.stringify({ ...x, labeling_monitor: undefined });
    // The generator repeats a few id-less records: the same content hash id, labeled the same, kept once.
    const unique = [...new Map(whole.map((x) => [recordId(x), x])).values()];
    expect(unique.length).toBeLessThan(600);
    expect(merged.map(strip).sort()).toEqual(unique.map(strip).sort());
    expect(r).toMatchObject({ records: unique.length, labeled: unique.length, duplicates: 600 - unique.length, missingStats: [] });
    const stats = LabelStatsSchema.parse(JSON.parse(readFileSync(join(dir, 'stats_all.json'), 'utf8')));
    const wholeStats = LabelStatsSchema.parse(JSON.parse(readFileSync(join(dir, 'stats_whole.json'), 'utf8')));
    expect(stats).toMatchObject({ records_in: unique.length + 1, labeled: unique.length, failed: 1, input_failed: 1, complete: true, selection: { shard: '1/4+2/4+3/4+4/4' } });
    expect(wholeStats.labeled).toBe(600);
    // Distributions are recounted from the merged (deduplicated) records.
    const intent = Object.values(stats.distributions.intent ?? {}).reduce((a, b) => a + b, 0);
    expect(intent).toBe(unique.length);
    // Confidence too, p10 included (a percentile cannot be merged from shard summaries): computed here by hand from
    // the deduplicated records, nearest rank on values rounded to the 0.001 histogram bins.
    for (const dim of taxonomy.dimensions) {
      const values = unique.map((x) => (x.confidence as Record<string, number>)[dim.id]).filter((v): v is number => typeof v === 'number');
      const sorted = [...values].sort((a, b) => a - b);
      const p10 = Math.round(sorted[Math.ceil(0.1 * sorted.length) - 1]! * 1000) / 1000;
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      expect(stats.confidence[dim.id], dim.id).toEqual({ n: unique.length, mean: expect.closeTo(mean, 9), min: sorted[0], p10: expect.closeTo(p10, 9) });
    }
    expect(jsonl(join(dir, 'monitor_all.jsonl'))).toHaveLength(unique.length);
  });

  it('drops identical duplicates, keeps a labeled record over a failed one, and writes a JSON array', async () => {
    const dir = tmp();
    const rec = (id: string, intent: string | null): Record<string, unknown> => ({
      id,
      messages: [{ role: 'user', content: `q ${id}` }],
      labels: intent === null ? null : { intent },
      confidence: {},
      labeling_monitor: { latency_ms: Math.random() },
    });
    writeFileSync(join(dir, 'a.jsonl'), [rec('x', 'build'), rec('y', null)].map((r) => JSON.stringify(r)).join('\n'));
    writeFileSync(join(dir, 'b.jsonl'), [rec('x', 'build'), rec('y', 'debug'), rec('z', 'fix')].map((r) => JSON.stringify(r)).join('\n'));
    const r = await mergeOutputs({ inputs: [join(dir, 'a.jsonl'), join(dir, 'b.jsonl')], output: join(dir, 'm.json'), taxonomy, allowIncomplete: true });
    expect(r).toMatchObject({ records: 3, labeled: 3, failed: 0, duplicates: 1, replacedFailures: 1, missingStats: [join(dir, 'stats_a.json'), join(dir, 'stats_b.json')] });
    const out = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as Array<{ id: string; labels: { intent: string } }>;
    expect(out.map((o) => [o.id, o.labels.intent])).toEqual([
      ['x', 'build'],
      ['y', 'debug'],
      ['z', 'fix'],
    ]);
  });

  it('fails on two different labeled records for one id, naming both places, and writes nothing', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.jsonl'), `${JSON.stringify({ id: 'x', labels: { intent: 'build' } })}\n`);
    writeFileSync(join(dir, 'b.jsonl'), `${JSON.stringify({ id: 'x', labels: { intent: 'debug' } })}\n`);
    const run = mergeOutputs({ inputs: [join(dir, 'a.jsonl'), join(dir, 'b.jsonl')], output: join(dir, 'm.jsonl'), taxonomy, allowIncomplete: true });
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(/id x: .*a\.jsonl:1 and .*b\.jsonl:1/);
    expect(() => readFileSync(join(dir, 'm.jsonl'))).toThrow();
  });
});
