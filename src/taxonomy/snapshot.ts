import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { packagePath } from '../util/paths.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { TaxonomyFile } from './schema.js';

/**
 * A build-time snapshot of a checked taxonomy file: the parsed, schema-checked and cross-checked file as JSON,
 * keyed by the sha256 of the YAML text it came from. Reading it instead of the YAML saves ~130 ms (YAML parse with
 * line tracking, schema and cross-checks) on every command. Keyed by content, it can never be stale: a YAML that
 * differs in one byte is parsed and checked in full. `npm run build` writes the bundled taxonomy's snapshot.
 */
export const SNAPSHOT_VERSION = 1;

const SnapshotEnvelopeSchema = z.object({ version: z.literal(SNAPSHOT_VERSION), yaml_sha256: z.string(), file: z.record(z.string(), z.unknown()) });

/** Where the snapshot of a taxonomy YAML goes: dist/taxonomy/<name>.snapshot.json of the package. */
export function snapshotPathFor(yamlPath: string): string {
  return packagePath('dist', 'taxonomy', `${basename(yamlPath).replace(/\.ya?ml$/i, '')}.snapshot.json`);
}

export function yamlSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The checked file from `snapshotPath` when it was made from exactly `text`; null when absent, unreadable or stale. */
export function readTaxonomySnapshot(snapshotPath: string, text: string): TaxonomyFile | null {
  if (!existsSync(snapshotPath)) return null;
  let envelope: z.infer<typeof SnapshotEnvelopeSchema>;
  try {
    envelope = SnapshotEnvelopeSchema.parse(JSON.parse(readFileSync(snapshotPath, 'utf8')));
  } catch {
    return null; // a damaged snapshot only costs the full parse
  }
  // The snapshot holds the output of the same checks the YAML would go through (written by writeTaxonomySnapshot).
  return envelope.yaml_sha256 === yamlSha256(text) ? (envelope.file as TaxonomyFile) : null;
}

/** Write the snapshot of an already checked file (see loadTaxonomy's `writeSnapshot`). */
export function writeTaxonomySnapshot(snapshotPath: string, text: string, file: TaxonomyFile): void {
  writeFileAtomic(snapshotPath, `${JSON.stringify({ version: SNAPSHOT_VERSION, yaml_sha256: yamlSha256(text), file })}\n`);
}
