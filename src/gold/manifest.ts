import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sha256Hex } from '../conversation/index.js';
import { UsageError } from '../errors/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { changelogWithEntry } from './changelog.js';
import { loadGoldSet } from './load.js';
import type { GoldManifest } from './schema.js';

export interface BumpOptions {
  /** New MAJOR.MINOR.PATCH, greater than the manifest's. */
  version: string;
  /**
   * What changed, which ids, why, who decided: written into CHANGELOG.md by the bump (a new entry, or a line added
   * to the version's or the "## Unreleased" entry). Needed only when neither entry exists.
   */
  note?: string;
  now?: () => Date;
}

/**
 * Record a change to a gold set: only after CHANGELOG.md has a `## <version>` entry saying what changed and why,
 * rewrite gold.json with the new version, date, counts and sha256 of every data file. This is the one sanctioned
 * way to change gold data in place (the other is a new gold folder).
 */
export function bumpGoldVersion(dir: string, opts: BumpOptions): GoldManifest & { changelog: string } {
  const set = loadGoldSet(dir);
  const old = set.manifest;
  if (!old) throw new UsageError(`${set.files.manifest}: missing; a new gold set starts from a manifest written with it`);
  if (compareVersions(opts.version, old.version) <= 0) throw new UsageError(`version ${opts.version} must be greater than the current ${old.version}`);
  const changelog = join(dir, 'CHANGELOG.md');
  const text = existsSync(changelog) ? readFileSync(changelog, 'utf8') : '';
  const today = (opts.now ?? (() => new Date()))().toISOString().slice(0, 10);
  const entry = changelogWithEntry(text, { version: opts.version, date: today, ...(opts.note ? { note: opts.note } : {}) });
  if ('problem' in entry) {
    throw new UsageError(`${changelog}: ${entry.problem}; say what changed, which ids, why and who decided: --note "..." (or run review import first)`);
  }
  const files: Record<string, string> = {};
  for (const file of [set.files.samples, set.files.labels, ...Object.values(set.files.annotations)]) {
    files[relative(dir, file).split('\\').join('/')] = sha256Hex(readFileSync(file, 'utf8'));
  }
  const annotations = Object.fromEntries(Object.entries(set.annotations).map(([k, rows]) => [k, rows.length]));
  const next: GoldManifest = {
    ...old,
    version: opts.version,
    created: (opts.now ?? (() => new Date()))().toISOString().slice(0, 10),
    counts: { ...old.counts, samples: set.samples.length, labels: set.labels.length, annotations },
    files,
  };
  // The change log first: a bump is never recorded in gold.json without its entry.
  if (entry.text !== text) writeFileAtomic(changelog, entry.text);
  writeFileSync(set.files.manifest, `${JSON.stringify(next, null, 2)}\n`);
  return { ...next, changelog: entry.how };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  if (pa.length !== 3 || pa.some((n) => !Number.isInteger(n) || n < 0)) throw new UsageError(`version "${a}": expected MAJOR.MINOR.PATCH`);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
