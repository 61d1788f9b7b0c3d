import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { loadGoldSet } from '../gold/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';
import { writeLabeledFromGold } from './__fixtures__/labeled.js';
import { columnLetter, exportReviewCsv, importReviewCsv, planReviewImport, reviewColumns, withUnreleasedEntry } from './index.js';

const taxonomy = loadTaxonomy();
let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sft-label-review-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function readCsv(file: string): string[][] {
  return parse(readFileSync(file, 'utf8'), { bom: true }) as string[][];
}

describe('exportReviewCsv', () => {
  it('writes a row per sample with labels, confidence, issues and empty correction columns, every formula cell neutralised', async () => {
    const input = join(tmp, 'labeled.jsonl');
    const ids = writeLabeledFromGold(input, 5);
    const out = join(tmp, 'review.csv');
    const r = await exportReviewCsv({ input, output: out, taxonomy });
    expect(r.rows).toBe(5);
    const [head, ...rows] = readCsv(out);
    expect(head).toEqual(reviewColumns(taxonomy));
    expect(rows.map((row) => row[0])).toEqual(ids);
    const col = (name: string) => head!.indexOf(name);
    expect(rows[0]![col('excerpt')]).toMatch(/^user: =HYPERLINK/); // text starts with "user:", not a trigger
    expect(rows[0]![col('issues')]).toBe('unmapped: concept==evil()');
    expect(rows[1]![col('intent')]).toBe('debug');
    expect(rows[0]![col('intent_confidence')]).toBe('0.90');
    expect(rows[0]![col('domain_confidence')]).toBe('');
    for (const row of rows) for (const d of taxonomy.dimensions) expect(row[col(`${d.id}_correction`)]).toBe('');
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('neutralises a cell that starts with each trigger character (id and labels included)', async () => {
    const input = join(tmp, 'hostile.jsonl');
    const payloads = ['=1+1', '+1', '-1', '@A1', '\tx', '\rx'];
    writeFileSync(input, payloads.map((p, i) => JSON.stringify({ id: p, conversations: [{ from: 'human', value: `q${i}` }], labels: { intent: p, language: [p, 'python'] } })).join('\n'));
    const out = join(tmp, 'review.csv');
    await exportReviewCsv({ input, output: out, taxonomy });
    const [head, ...rows] = readCsv(out);
    expect(rows.map((r) => r[0])).toEqual(payloads.map((p) => `'${p}`));
    expect(rows.map((r) => r[head!.indexOf('intent')])).toEqual(payloads.map((p) => `'${p}`));
    expect(rows[2]![head!.indexOf('language')]).toBe("'-1; python");
  });

  it('with gold: a <dim>_gold column of the current gold label beside each prediction, excerpts from gold for bare run lines', async () => {
    const input = join(tmp, 'run-lines.jsonl');
    writeFileSync(input, [
      JSON.stringify({ id: 'a-002', sample_index: 0, labels: { intent: 'learn', language: ['python'] } }),
      JSON.stringify({ id: 'not-gold', sample_index: 0, labels: { intent: 'build' } }),
    ].join('\n'));
    const out = join(tmp, 'review.csv');
    const r = await exportReviewCsv({ input, output: out, taxonomy, gold: packagePath('gold', 'v1') });
    expect(r.notInGold).toBe(1);
    const [head, ...rows] = readCsv(out);
    expect(head).toEqual(reviewColumns(taxonomy, { gold: true }));
    const col = (name: string) => head!.indexOf(name);
    expect(col('intent_gold')).toBe(col('intent') + 1);
    expect(rows[0]![col('intent')]).toBe('learn');
    expect(rows[0]![col('intent_gold')]).toBe('debug');
    expect(rows[0]![col('excerpt')]).toMatch(/^user: /);
    expect(rows[1]![col('intent_gold')]).toBe('');
  });

  it('writes a UTF-8 BOM only with bom: true', async () => {
    const input = join(tmp, 'labeled.jsonl');
    writeLabeledFromGold(input, 2);
    await exportReviewCsv({ input, output: join(tmp, 'a.csv'), taxonomy });
    await exportReviewCsv({ input, output: join(tmp, 'b.csv'), taxonomy, bom: true });
    expect([...readFileSync(join(tmp, 'a.csv')).subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect([...readFileSync(join(tmp, 'b.csv')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

/** A temp copy of gold/v1 and a review CSV of its first samples with gold's own labels. */
async function goldAndCsv(): Promise<{ goldDir: string; csv: string }> {
  const goldDir = join(tmp, 'gold');
  cpSync(packagePath('gold', 'v1'), goldDir, { recursive: true });
  const input = join(tmp, 'labeled.jsonl');
  writeLabeledFromGold(input, 6);
  const csv = join(tmp, 'review.csv');
  await exportReviewCsv({ input, output: csv, taxonomy, bom: true });
  return { goldDir, csv };
}

/** Set cells of the CSV as a spreadsheet would save them (re-quoted, BOM kept). */
function editCsv(file: string, edits: Array<{ id: string; column: string; value: string }>): void {
  const [head, ...rows] = readCsv(file);
  for (const e of edits) rows.find((r) => r[0] === e.id)![head!.indexOf(e.column)] = e.value;
  writeFileSync(file, stringify([head!, ...rows], { bom: true }));
}

/** Physical line (1-based) where the row of `id` starts: excerpts hold newlines, so rows span several lines. */
function lineOf(file: string, id: string): number {
  const text = readFileSync(file, 'utf8');
  const at = text.search(new RegExp(`\n"?${id}"?,`));
  return text.slice(0, at + 1).split('\n').length;
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

describe('importReviewCsv', () => {
  it('export -> edit two cells -> import changes exactly those two labels, with a change log', async () => {
    const { goldDir, csv } = await goldAndCsv();
    const before = snapshot(goldDir);
    editCsv(csv, [
      { id: 'a-002', column: 'intent_correction', value: 'learn' },
      { id: 'a-003', column: 'concept_correction', value: 'testing; error-handling' },
    ]);
    const r = importReviewCsv({ csvFile: csv, gold: loadGoldSet(goldDir), taxonomy, reviewer: 'alice', now: () => new Date('2026-11-25T12:00:00Z') });
    expect(r.changes.map((c) => [c.id, c.dimension, c.from, c.to])).toEqual([
      ['a-002', 'intent', 'debug', 'learn'],
      ['a-003', 'concept', ['testing', 'regex'], ['testing', 'error-handling']],
    ]);
    const after = snapshot(goldDir);
    const oldLines = before['labels.jsonl']!.split('\n');
    const newLines = after['labels.jsonl']!.split('\n');
    expect(newLines.length).toBe(oldLines.length);
    const changed = newLines.map((l, i) => (l === oldLines[i] ? null : i)).filter((i) => i !== null);
    expect(changed).toEqual([1, 2]);
    const o2 = JSON.parse(oldLines[1]!);
    const n2 = JSON.parse(newLines[1]!);
    expect(n2).toEqual({ ...o2, labels: { ...o2.labels, intent: 'learn' } });
    const n3 = JSON.parse(newLines[2]!);
    expect(n3.labels.concept).toEqual(['testing', 'error-handling']);
    expect(newLines[1]).toMatch(/^\{"id": "a-002", "labels": \{"intent": "learn", /); // same spacing style as the file
    // Samples, annotations and manifest are untouched; the change is recorded twice.
    for (const f of Object.keys(before)) if (!['labels.jsonl', 'CHANGELOG.md'].includes(f)) expect(after[f]).toBe(before[f]);
    const log = after['changes.jsonl']!.trim().split('\n').map((l) => JSON.parse(l));
    expect(log).toEqual([
      { at: '2026-11-25T12:00:00.000Z', reviewer: 'alice', source: `review.csv:${lineOf(csv, 'a-002')} intent_correction`, id: 'a-002', dimension: 'intent', from: 'debug', to: 'learn' },
      expect.objectContaining({ id: 'a-003', dimension: 'concept', from: ['testing', 'regex'], to: ['testing', 'error-handling'] }),
    ]);
    expect(after['CHANGELOG.md']).toContain('## Unreleased\n- ids: a-002; dimension: intent; debug -> learn\n- ids: a-003; dimension: concept; [testing, regex] -> [testing, error-handling]\n- why: review import of review.csv');
    expect(after['CHANGELOG.md']!.indexOf('## Unreleased')).toBeLessThan(after['CHANGELOG.md']!.indexOf('## 1.0.0'));
    expect(after['CHANGELOG.md']!.indexOf('## Unreleased')).toBeGreaterThan(after['CHANGELOG.md']!.indexOf('```\n\n'));
  });

  it('refuses invalid corrections, listing each with CSV line and column, and changes nothing', async () => {
    const { goldDir, csv } = await goldAndCsv();
    editCsv(csv, [
      { id: 'a-002', column: 'intent_correction', value: 'lern' },
      { id: 'a-003', column: 'domain_correction', value: 'web-backend; databases' },
      { id: 'a-004', column: 'agentic_correction', value: 'none; shell-execution' },
      { id: 'a-005', column: 'intent_correction', value: 'learn' },
    ]);
    const before = snapshot(goldDir);
    let err: unknown;
    try {
      importReviewCsv({ csvFile: csv, gold: loadGoldSet(goldDir), taxonomy, reviewer: 'bob' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    const letter = (c: string) => columnLetter(reviewColumns(taxonomy).indexOf(c));
    expect(problems).toEqual([
      `${csv}:${lineOf(csv, 'a-002')}: column ${letter('intent_correction')} (intent_correction): id "a-002": intent: "lern" is not a tag of this dimension`,
      `${csv}:${lineOf(csv, 'a-003')}: column ${letter('domain_correction')} (domain_correction): id "a-003": domain: single-select dimension must be one tag id string, got array [web-backend, databases]`,
      `${csv}:${lineOf(csv, 'a-003')}: column ${letter('domain_correction')} (domain_correction): id "a-003": domain: has 2 tag(s), needs 1..1`,
      `${csv}:${lineOf(csv, 'a-004')}: column ${letter('agentic_correction')} (agentic_correction): id "a-004": agentic: "none" cannot be combined with "shell-execution"`,
    ]);
    expect(snapshot(goldDir)).toEqual(before);
  });

  it('names ids that are not in gold and correction columns of unknown dimensions', async () => {
    const { goldDir, csv } = await goldAndCsv();
    const [head, ...rows] = readCsv(csv);
    rows[0]![0] = 'zz-999';
    rows[0]![head!.indexOf('intent_correction')] = 'learn';
    writeFileSync(csv, stringify([[...head!, 'mood_correction'], ...rows.map((r) => [...r, ''])]));
    const plan = planReviewImport({ csvFile: csv, gold: loadGoldSet(goldDir), taxonomy });
    expect(plan.problems).toEqual([
      `${csv}:1: column ${columnLetter(head!.length)} (mood_correction): "mood" is not a dimension of taxonomy 3.1`,
      `${csv}:${lineOf(csv, 'zz-999')}: column A (id): "zz-999" is not a sample of gold set ${goldDir}`,
    ]);
  });

  it('reads back corrections a spreadsheet saved with the neutralising quote, and ignores unchanged ones', async () => {
    const { goldDir, csv } = await goldAndCsv();
    editCsv(csv, [
      { id: 'a-002', column: 'intent_correction', value: 'debug' },
      { id: 'a-003', column: 'difficulty_correction', value: ' intermediate ' },
    ]);
    const r = importReviewCsv({ csvFile: csv, gold: loadGoldSet(goldDir), taxonomy, reviewer: 'c' });
    expect(r.unchanged).toBe(1);
    expect(r.changes).toEqual([expect.objectContaining({ id: 'a-003', dimension: 'difficulty', from: 'easy', to: 'intermediate' })]);
  });
});

describe('withUnreleasedEntry', () => {
  it('adds to an existing Unreleased block instead of opening a second one', () => {
    const once = withUnreleasedEntry('# Log\n\n## 1.0.0\n- first\n', '- a\n');
    const twice = withUnreleasedEntry(once, '- b\n');
    expect(twice).toBe('# Log\n\n## Unreleased\n- a\n- b\n\n## 1.0.0\n- first\n');
  });
  it('starts a changelog when there is none', () => {
    expect(withUnreleasedEntry('', '- a\n')).toBe('\n\n## Unreleased\n- a\n\n');
  });
});
