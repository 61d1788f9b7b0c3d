import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { InputError } from '../errors/index.js';
import { GoldSampleRecordSchema, type Candidate, type GoldSampleRecord } from '../gold/index.js';
import { conversationExcerpt } from '../report/index.js';
import { tagsOf, type Taxonomy } from '../taxonomy/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { CONFIDENCE_SUFFIX, CORRECTION_SUFFIX, joinTags, reviewColumns, RFC4180_OPTIONS } from './columns.js';
import { neutraliseCell } from './csv-safety.js';

/** Columns a candidates CSV adds after the review columns. `review import` reads only ids and correction cells. */
export const CANDIDATE_COLUMNS = ['stratum', 'inclusion_probability', 'reasons'] as const;

/** `candidates.csv` -> `candidates.samples.jsonl` beside it: the conversations `review import` adds once labeled. */
export function candidateSamplesPath(csvFile: string): string {
  return join(dirname(csvFile), `${basename(csvFile, extname(csvFile))}.samples.jsonl`);
}

export interface WriteCandidatesOptions {
  output: string;
  candidates: readonly Candidate[];
  /** Input records of the candidates by id (labels removed), for excerpts and the samples file. */
  records: ReadonlyMap<string, Record<string, unknown>>;
  /** The --from outputs, in order (their file names label the answers when configurations disagree). */
  from: readonly string[];
  taxonomy: Taxonomy;
  bom?: boolean;
}

/**
 * Write the candidates as a review CSV (id, excerpt, issues = why chosen, per dimension the configurations' answers,
 * lowest confidence and an empty correction cell; then stratum, inclusion probability, reasons) and their
 * conversations, each with its `selection`, to the samples file beside it. Nothing goes into a gold set: a reviewer
 * fills every correction cell of a candidate, and `review import` adds it with those labels.
 */
export function writeCandidatesCsv(o: WriteCandidatesOptions): { csv: string; samples: string } {
  const columns = [...reviewColumns(o.taxonomy), ...CANDIDATE_COLUMNS];
  const names = o.from.map((f, i) => `${basename(f, extname(f))}${o.from.filter((g) => basename(g, extname(g)) === basename(f, extname(f))).length > 1 ? `#${i + 1}` : ''}`);
  const rows = o.candidates.map((c) => {
    const row: Record<string, string> = {
      id: c.id,
      excerpt: conversationExcerpt(o.records.get(c.id) ?? {}, 300),
      issues: c.reasons.join('\n'),
      stratum: c.stratum,
      inclusion_probability: c.inclusion_probability.toFixed(6),
      reasons: c.reasons.join('; '),
    };
    for (const dim of o.taxonomy.dimensions) {
      const answers = c.labels.map((l, i) => (l === undefined ? null : { name: names[i]!, tags: l === null ? '(failed)' : joinTags(tagsOf(l, dim.id)) })).filter((x) => x !== null);
      const distinct = new Set(answers.map((a) => a.tags));
      row[dim.id] = distinct.size <= 1 ? (answers[0]?.tags ?? '') : answers.map((a) => `${a.name}: ${a.tags}`).join(' | ');
      const conf = c.confidence[dim.id];
      row[`${dim.id}${CONFIDENCE_SUFFIX}`] = conf === undefined ? '' : conf.toFixed(2);
      row[`${dim.id}${CORRECTION_SUFFIX}`] = '';
    }
    return columns.map((col) => neutraliseCell(row[col] ?? ''));
  });
  writeFileAtomic(o.output, stringify([columns, ...rows], { ...RFC4180_OPTIONS, bom: o.bom ?? false }));
  const samples = candidateSamplesPath(o.output);
  const lines = o.candidates.map((c) => {
    const record = o.records.get(c.id) ?? { id: c.id };
    const selection = { stratum: c.stratum, inclusion_probability: c.inclusion_probability, reasons: c.reasons, design: basename(o.output), from: o.from.map((f) => basename(f)) };
    return `${JSON.stringify({ ...record, id: c.id, selection })}\n`;
  });
  writeFileAtomic(samples, lines.join(''));
  return { csv: o.output, samples };
}

/** Read a candidates samples file (written by gold suggest) by id; each line a gold sample record with `selection`. */
export function readCandidateSamples(file: string): Map<string, GoldSampleRecord> {
  if (!existsSync(file)) throw new InputError(`${file} does not exist (gold suggest writes it beside the candidates CSV)`, { file });
  const out = new Map<string, GoldSampleRecord>();
  const problems: string[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      problems.push(`${file}:${i + 1}: invalid JSON: ${(err as Error).message}`);
      return;
    }
    const r = GoldSampleRecordSchema.safeParse(json);
    if (!r.success || !r.data.selection) problems.push(`${file}:${i + 1}: not a candidate sample (a record with id and selection)`);
    else out.set(r.data.id, r.data);
  });
  if (problems.length) throw new InputError(`${file}: ${problems.length} bad line(s)\n${problems.slice(0, 20).map((p) => `  - ${p}`).join('\n')}`, { file });
  return out;
}
