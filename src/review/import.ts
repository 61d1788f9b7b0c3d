import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors/index.js';
import type { GoldSampleRecord, GoldSet } from '../gold/index.js';
import type { Labels, Taxonomy } from '../taxonomy/index.js';
import { checkLabelSet } from '../validate/index.js';
import { columnLetter, CORRECTION_SUFFIX, splitTags } from './columns.js';
import { restoreCell } from './csv-safety.js';

/** One correction to apply: a gold sample's dimension from its current value to the reviewer's. */
export interface LabelChange {
  id: string;
  dimension: string;
  from: string | string[] | null;
  to: string | string[];
  /** Where it came from: `review.csv:12` and the column. */
  source: string;
}

/** A candidate from `gold suggest` that a person labeled on every dimension: it joins the gold set. */
export interface SampleAddition {
  id: string;
  labels: Labels;
  /** The candidate's record (conversation and `selection`) from the samples file. */
  record: GoldSampleRecord;
  source: string;
}

export interface ReviewPlan {
  changes: LabelChange[];
  /** New samples (candidates with a person's labels on every dimension). */
  additions: SampleAddition[];
  /** Every problem, `file:line: column X (name): message`. Non-empty = nothing may be applied. */
  problems: string[];
  /** Rows read (excluding the header). */
  rows: number;
  /** Corrections equal to the current gold value (nothing to change). */
  unchanged: number;
}

interface Row {
  record: Record<string, string>;
  /** 1-based CSV line where the row starts (multi-line excerpt cells make rows span lines). */
  line: number;
}

/**
 * Read a review CSV and turn its filled `<dim>_correction` cells into changes of the gold labels, validated
 * against the taxonomy (checkLabelSet on the corrected label set). Pure apart from reading the CSV. Rows without
 * corrections are ignored; a correction for an id not in gold, an unknown dimension column, an unknown tag or a
 * wrong cardinality is a problem naming the CSV line and column.
 */
export function planReviewImport(opts: { csvFile: string; gold: GoldSet; taxonomy: Taxonomy; candidates?: ReadonlyMap<string, GoldSampleRecord> }): ReviewPlan {
  const { csvFile, taxonomy } = opts;
  const { header, rows } = readCsv(csvFile);
  const problems: string[] = [];
  const changes: LabelChange[] = [];
  const additions: SampleAddition[] = [];
  let unchanged = 0;
  const where = (line: number, col: string) => `${csvFile}:${line}: column ${columnLetter(header.indexOf(col))} (${col})`;
  if (!header.includes('id')) problems.push(`${csvFile}:1: no "id" column (columns: ${header.join(', ')})`);
  const corrections = header.filter((h) => h.endsWith(CORRECTION_SUFFIX));
  for (const col of corrections) {
    const dim = col.slice(0, -CORRECTION_SUFFIX.length);
    if (!taxonomy.byId.has(dim)) problems.push(`${where(1, col)}: "${dim}" is not a dimension of taxonomy ${taxonomy.version}`);
  }
  const gold = new Map(opts.gold.labels.map((r) => [r.value.id, r.value.labels]));
  for (const { record, line } of rows) {
    const filled = corrections.filter((c) => taxonomy.byId.has(c.slice(0, -CORRECTION_SUFFIX.length)) && restoreCell(record[c] ?? '').trim() !== '');
    if (!filled.length) continue;
    const id = restoreCell(record.id ?? '').trim();
    const current = gold.get(id);
    const candidate = current ? undefined : opts.candidates?.get(id);
    if (candidate) {
      const addition = planAddition({ id, record: candidate, row: record, line, filled, taxonomy, where, problems, csvFile });
      if (addition) additions.push(addition);
      continue;
    }
    if (!current) {
      problems.push(`${csvFile}:${line}: column ${columnLetter(header.indexOf('id'))} (id): "${id}" is not a sample of gold set ${opts.gold.dir}`);
      continue;
    }
    const next: Labels = { ...current };
    for (const col of filled) {
      const dim = col.slice(0, -CORRECTION_SUFFIX.length);
      const tags = splitTags(restoreCell(record[col] ?? ''));
      next[dim] = taxonomy.byId.get(dim)!.selection === 'single' && tags.length === 1 ? tags[0]! : tags;
    }
    const dimsOf = new Set(filled.map((c) => c.slice(0, -CORRECTION_SUFFIX.length)));
    for (const p of checkLabelSet(next, taxonomy)) {
      const dim = p.split(':')[0] ?? '';
      // Problems of dimensions the reviewer did not touch are the gold set's own (gold validate reports them).
      if (dimsOf.has(dim)) problems.push(`${where(line, `${dim}${CORRECTION_SUFFIX}`)}: id "${id}": ${p}`);
    }
    for (const dim of dimsOf) {
      const from = current[dim] ?? null;
      const to = next[dim]!;
      if (JSON.stringify(from) === JSON.stringify(to)) {
        unchanged++;
        continue;
      }
      changes.push({ id, dimension: dim, from, to, source: `${basename(csvFile)}:${line} ${dim}${CORRECTION_SUFFIX}` });
    }
  }
  return { changes, additions, problems, rows: rows.length, unchanged };
}

/**
 * A candidate row: it enters gold only with a person's label on every dimension (the correction cells; the
 * configurations' answers in the other columns are never taken), checked like any gold label set.
 */
function planAddition(a: {
  id: string; record: GoldSampleRecord; row: Record<string, string>; line: number; filled: string[]; taxonomy: Taxonomy;
  where: (line: number, col: string) => string; problems: string[]; csvFile: string;
}): SampleAddition | null {
  const missing = a.taxonomy.dimensions.map((d) => d.id).filter((d) => !a.filled.includes(`${d}${CORRECTION_SUFFIX}`));
  if (missing.length) {
    a.problems.push(`${a.where(a.line, 'id')}: "${a.id}" is a new sample: it enters gold only with a person's label in every dimension; missing ${missing.map((d) => `${d}${CORRECTION_SUFFIX}`).join(', ')}`);
    return null;
  }
  const labels: Labels = {};
  for (const dim of a.taxonomy.dimensions) {
    const tags = splitTags(restoreCell(a.row[`${dim.id}${CORRECTION_SUFFIX}`] ?? ''));
    labels[dim.id] = dim.selection === 'single' && tags.length === 1 ? tags[0]! : tags;
  }
  const before = a.problems.length;
  for (const p of checkLabelSet(labels, a.taxonomy)) {
    const dim = p.split(':')[0] ?? '';
    a.problems.push(`${a.where(a.line, `${dim}${CORRECTION_SUFFIX}`)}: id "${a.id}": ${p}`);
  }
  return a.problems.length > before ? null : { id: a.id, labels, record: a.record, source: `${basename(a.csvFile)}:${a.line}` };
}

function readCsv(file: string): { header: string[]; rows: Row[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
  // What spreadsheets and CSV libraries write back: CRLF, LF or CR line ends (mixed, too), BOM or not, any valid
  // quoting, and a comma, semicolon (Excel in many locales) or tab between cells. Line ends are made LF first: the
  // cells read back (id, corrections) hold no line break, and line numbers in messages then count like an editor's.
  const normalised = text.replace(/\r\n?/g, '\n');
  let records: Array<{ record: string[]; info: { lines: number }; raw: string }>;
  try {
    records = parse(normalised, {
      bom: true,
      delimiter: headerDelimiter(normalised),
      record_delimiter: '\n',
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (err) {
    throw new InputError(`${file}: not a readable CSV: ${(err as Error).message}`, { file }, { cause: err });
  }
  const [head, ...body] = records;
  if (!head) throw new InputError(`${file}: empty CSV (expected a header row from review export)`, { file });
  const header = head.record.map((h) => h.trim());
  const rows = body.map((r) => {
    // info.lines is the line the record ends on; a quoted cell with newlines makes it span several.
    const spanned = (r.raw.replace(/\n$/, '').match(/\n/g) ?? []).length;
    return { record: Object.fromEntries(header.map((h, i) => [h, r.record[i] ?? ''])), line: r.info.lines - spanned };
  });
  return { header, rows };
}

/**
 * The cell delimiter, from the header row (plain column names): the most frequent of `,`, `;` and tab outside
 * quotes; `,` when none occurs.
 */
export function headerDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of text.replace(/^\uFEFF/, '')) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}
