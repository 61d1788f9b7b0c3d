import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors/index.js';
import type { SidecarPaths } from '../records/paths.js';

/** Resuming must not mix labelers or taxonomies in one output: compare with the earlier run's stats, when there are any. */
export function checkSameRun(paths: { output: string } & SidecarPaths, run: { model: string; taxonomyVersion: string }): void {
  if (!existsSync(paths.stats)) return;
  let earlier: { model?: unknown; taxonomy_version?: unknown };
  try {
    earlier = JSON.parse(readFileSync(paths.stats, 'utf8')) as typeof earlier;
  } catch {
    return; // unreadable stats are rewritten by this run
  }
  const differs = (what: string, was: unknown, now: string): void => {
    if (typeof was === 'string' && was !== now) {
      throw new UsageError(`${paths.output} was labeled with ${what} ${was} (see ${paths.stats}); resuming with ${now} would mix them: use --fresh or another --output`);
    }
  };
  differs('--model', earlier.model, run.model);
  differs('taxonomy', earlier.taxonomy_version, run.taxonomyVersion);
}

/** Refuse paths that would overwrite the input or each other. */
export function checkDistinctPaths(input: string, paths: { output: string } & SidecarPaths): void {
  const inp = resolve(input);
  for (const [flag, p] of [['--output', paths.output], ['--stats', paths.stats], ['--monitor', paths.monitor]] as const) {
    if (resolve(p) === inp) throw new UsageError(`${flag} ${p} is the input file; choose another path`);
  }
  if (resolve(paths.stats) === resolve(paths.output) || resolve(paths.monitor) === resolve(paths.output)) {
    throw new UsageError(`--stats/--monitor must differ from --output ${paths.output}`);
  }
}

