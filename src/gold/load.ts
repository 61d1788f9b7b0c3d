import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ConfigError, InputError } from '../errors/index.js';
import { readJsonlChecked, type ParsedLine } from './jsonl.js';
import { AnnotationRecordSchema, GoldLabelRecordSchema, GoldManifestSchema, GoldSampleRecordSchema, type AnnotationRecord, type GoldManifest } from './schema.js';
import { idProblems } from './ids.js';
import type { GoldFiles, GoldSet } from './set.js';

export type { GoldFiles, GoldSet } from './set.js';

export function goldFiles(dir: string): GoldFiles {
  const annDir = join(dir, 'annotations');
  const annotations: Record<string, string> = {};
  if (existsSync(annDir)) {
    for (const f of readdirSync(annDir).filter((x) => x.endsWith('.jsonl')).sort()) {
      annotations[basename(f, '.jsonl')] = join(annDir, f);
    }
  }
  return { samples: join(dir, 'samples.jsonl'), labels: join(dir, 'labels.jsonl'), manifest: join(dir, 'gold.json'), annotations };
}

/**
 * Read a gold set folder (`samples.jsonl`, `labels.jsonl`, optional `annotations/*.jsonl` and `gold.json`) with
 * one zod schema per file shape, and return it with every problem found (`file:line: id "x": path: message`):
 * bad JSON, bad shapes, duplicate ids, ids that do not match across files. Taxonomy checks are `validateGoldSet`'s.
 */
export function readGoldSet(dir: string): { set: GoldSet; problems: string[] } {
  if (!existsSync(dir)) throw new InputError(`gold set folder ${dir} does not exist`, { file: dir });
  const files = goldFiles(dir);
  const problems: string[] = [];
  const read = <T>(file: string, what: string, fn: (f: string) => { rows: ParsedLine<T>[]; problems: string[] }): ParsedLine<T>[] => {
    if (!existsSync(file)) {
      problems.push(`${file}: missing (a gold set needs ${what})`);
      return [];
    }
    const r = fn(file);
    problems.push(...r.problems);
    return r.rows;
  };
  const samples = read(files.samples, 'samples.jsonl with one record per line', (f) => readJsonlChecked(f, GoldSampleRecordSchema));
  const labels = read(files.labels, 'labels.jsonl with {id, labels} per line', (f) => readJsonlChecked(f, GoldLabelRecordSchema));
  const annotations: Record<string, ParsedLine<AnnotationRecord>[]> = {};
  for (const [name, file] of Object.entries(files.annotations)) {
    const r = readJsonlChecked(file, AnnotationRecordSchema);
    problems.push(...r.problems);
    annotations[name] = r.rows;
  }
  const manifest = readManifest(files.manifest, problems);
  const set: GoldSet = { dir, files, manifest, samples, labels, annotations };
  problems.push(...idProblems(set));
  return { set, problems };
}

/** Read a gold set for use (runner, scorer): throws ConfigError (exit 2) listing every problem when it is broken. */
export function loadGoldSet(dir: string): GoldSet {
  const { set, problems } = readGoldSet(dir);
  if (problems.length) throw new ConfigError(`gold set ${dir} is invalid: ${problems.length} problem(s)`, problems, { file: dir });
  return set;
}

function readManifest(file: string, problems: string[]): GoldManifest | null {
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    problems.push(`${file}: invalid JSON: ${(err as Error).message}`);
    return null;
  }
  const parsed = GoldManifestSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
    return null;
  }
  return parsed.data;
}
