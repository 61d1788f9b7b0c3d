import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sha256Hex } from '../conversation/index.js';
import { InputError } from '../errors/index.js';
import { goldFiles, type GoldSet } from './load.js';
import { GoldManifestSchema } from './schema.js';

/** What a run records about the gold set it was scored against (run.json `gold`). */
export interface GoldVersion {
  name: string;
  version: string;
  /** sha256 of labels.jsonl as read now: two runs compare only if these agree. */
  labels_sha256: string;
  taxonomy_version: string;
  /** False when labels.jsonl no longer matches gold.json (changed without a new version or change-log entry). */
  labels_match_manifest: boolean;
}

function fileSha256(file: string): string {
  return sha256Hex(readFileSync(file, 'utf8'));
}

/**
 * The version of the gold set in `dir`: manifest name and version plus the sha256 of its labels file as it is on
 * disk. A folder without gold.json is named by its path with version `0.0.0`, so a run still records exactly
 * which labels it used.
 */
export function goldVersion(dir: string): GoldVersion {
  const files = goldFiles(dir);
  if (!existsSync(files.labels)) throw new InputError(`${files.labels}: missing`, { file: files.labels });
  const labels_sha256 = fileSha256(files.labels);
  if (!existsSync(files.manifest)) {
    return { name: dir, version: '0.0.0', labels_sha256, taxonomy_version: 'unknown', labels_match_manifest: false };
  }
  const m = GoldManifestSchema.parse(JSON.parse(readFileSync(files.manifest, 'utf8')));
  return {
    name: m.name,
    version: m.version,
    labels_sha256,
    taxonomy_version: m.taxonomy.version,
    labels_match_manifest: m.files['labels.jsonl'] === labels_sha256,
  };
}

/**
 * Every data file of the set against gold.json: hashes and counts must match. A mismatch means data changed without a
 * new version or a recorded change (gold labels are measurements: they are never edited in place).
 */
export function manifestProblems(set: GoldSet, taxonomyVersion: string): string[] {
  const m = set.manifest;
  if (!m) return [`${set.files.manifest}: missing (a gold set records name, version, counts and sha256 of its files)`];
  const problems: string[] = [];
  const present: Record<string, string> = { 'samples.jsonl': set.files.samples, 'labels.jsonl': set.files.labels };
  for (const file of Object.values(set.files.annotations)) present[relative(set.dir, file).split('\\').join('/')] = file;
  for (const [name, file] of Object.entries(present)) {
    const want = m.files[name];
    if (want === undefined) problems.push(`${set.files.manifest}: files: "${name}" is in the set but not in the manifest`);
    else if (existsSync(file) && fileSha256(file) !== want) {
      problems.push(`${file}: sha256 differs from ${set.files.manifest} (data changed without a new version or a CHANGELOG entry with an updated manifest)`);
    }
  }
  for (const name of Object.keys(m.files)) {
    if (!existsSync(join(set.dir, name))) problems.push(`${set.files.manifest}: files: "${name}" listed but missing`);
  }
  if (m.counts.samples !== set.samples.length) problems.push(`${set.files.manifest}: counts.samples is ${m.counts.samples}, ${set.files.samples} has ${set.samples.length}`);
  if (m.counts.labels !== set.labels.length) problems.push(`${set.files.manifest}: counts.labels is ${m.counts.labels}, ${set.files.labels} has ${set.labels.length}`);
  if (m.taxonomy.version !== taxonomyVersion) problems.push(`${set.files.manifest}: taxonomy.version is ${m.taxonomy.version}, the loaded taxonomy is ${taxonomyVersion}`);
  return problems;
}
