import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { recordId } from '../conversation/index.js';
import { InputError } from '../errors/index.js';
import { readLabeledRecords } from '../records/index.js';
import { LabelsSchema, type Labels } from '../taxonomy/index.js';

/** Most problems listed in one error; the count of the rest is given. */
const MAX_LISTED = 20;

interface RawRecord {
  value: unknown;
  /** `file:line` for JSONL, `file: record i` for a JSON array. */
  where: string;
}

/**
 * Gold labels: a gold directory (its `labels.jsonl`) or a labels file (.jsonl or .json array) of `{id, labels}`
 * records. Every problem (bad JSON, missing id, labels not an object of strings / string arrays, duplicate id) is
 * reported at once as one InputError naming file:line.
 */
export async function readGoldLabels(path: string): Promise<Map<string, Labels>> {
  const file = (await isDirectory(path)) ? join(path, 'labels.jsonl') : path;
  const out = new Map<string, Labels>();
  const problems: string[] = [];
  for await (const { value, where } of readRaw(file, problems)) {
    const rec = value as Record<string, unknown>;
    if (rec.id === undefined) {
      problems.push(`${where}: missing "id"`);
      continue;
    }
    const labels = parseLabels(rec.labels, where, problems, false);
    if (labels) addUnique(out, recordId(rec), labels, where, problems);
  }
  finish(file, problems);
  return out;
}

/**
 * Predictions from any labeled output (.json array or .jsonl of records carrying `labels`). A record's id is
 * `recordId(record)` (its id field, else the content hash that labeling also uses). `labels: null` = labeling
 * failed (kept as null); a record without a `labels` field is a problem.
 */
export async function readPredLabels(file: string): Promise<Map<string, Labels | null>> {
  const out = new Map<string, Labels | null>();
  const problems: string[] = [];
  for await (const { value, where } of readRaw(file, problems)) {
    const labels = parseLabels((value as Record<string, unknown>).labels, where, problems, true);
    if (labels !== undefined) addUnique(out, recordId(value), labels, where, problems);
  }
  finish(file, problems);
  return out;
}

/**
 * Refuse predictions that share no id with the gold labels (a wrong file, or ids that do not match): scoring them
 * would report n = 0 everywhere, which looks like a result. InputError naming both files and an example id of each.
 */
export function requireCommonIds(gold: ReadonlyMap<string, unknown>, goldPath: string, pred: ReadonlyMap<string, unknown>, predFile: string): void {
  for (const id of pred.keys()) if (gold.has(id)) return;
  const example = (m: ReadonlyMap<string, unknown>): string => {
    const first = m.keys().next();
    return first.done ? 'none' : `e.g. "${first.value}"`;
  };
  throw new InputError(
    `no ids in common: ${predFile} (${pred.size} record(s), ${example(pred)}) and gold ${goldPath} (${gold.size} id(s), ${example(gold)}); ` +
      'score predictions made from the gold samples (records keep their id, or the content hash labeling gives them)',
    { file: predFile },
  );
}

function parseLabels(raw: unknown, where: string, problems: string[], nullable: boolean): Labels | null | undefined {
  if (raw === undefined) {
    problems.push(`${where}: missing "labels"`);
    return undefined;
  }
  if (raw === null && nullable) return null;
  const parsed = LabelsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? `labels.${issue.path.join('.')}` : 'labels';
  problems.push(`${where}: ${path}: ${issue?.message ?? 'invalid'} (expected a string or an array of tag ids per dimension)`);
  return undefined;
}

function addUnique<T>(out: Map<string, T>, id: string, v: T, where: string, problems: string[]): void {
  if (out.has(id)) problems.push(`${where}: duplicate id "${id}"`);
  else out.set(id, v);
}

function finish(file: string, problems: string[]): void {
  if (!problems.length) return;
  const listed = problems.slice(0, MAX_LISTED).map((p) => `  - ${p}`);
  if (problems.length > MAX_LISTED) listed.push(`  - ... and ${problems.length - MAX_LISTED} more`);
  throw new InputError(`${file}: ${problems.length} problem(s) in labels:\n${listed.join('\n')}`, { file });
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (err) {
    throw new InputError(`${path}: cannot read: ${(err as Error).message}`, { file: path }, { cause: err });
  }
}

/**
 * Records of a .json array or a .jsonl file through the one records reader, lenient: every bad line becomes a
 * problem, so the caller can list them all at once.
 */
async function* readRaw(file: string, problems: string[]): AsyncGenerator<RawRecord> {
  for await (const { record, where } of readLabeledRecords(file, { mode: 'lenient', onSkip: (s) => problems.push(s.message) })) yield { value: record, where };
}
