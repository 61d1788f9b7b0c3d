import { basename, dirname, extname, join } from 'node:path';
import { UsageError } from '../errors/index.js';

export type OutputFormat = 'json' | 'jsonl';

/** JSON array or JSONL, chosen by the output file's extension (`.json`, `.jsonl` / `.ndjson`). */
export function outputFormat(output: string): OutputFormat {
  const ext = extname(output).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new UsageError(`--output ${output}: unknown extension "${ext || '(none)'}"; use .json (array) or .jsonl (one record per line)`);
}

export interface SidecarPaths {
  stats: string;
  monitor: string;
}

/**
 * The stats and monitor files beside an output (DESIGN.md): `labeled_x.json` -> `stats_x.json` and
 * `monitor_x.jsonl` in the same folder; an output without the `labeled_` prefix keeps its whole stem
 * (`out.jsonl` -> `stats_out.json`, `monitor_out.jsonl`). Explicit paths win.
 */
export function sidecarPaths(output: string, explicit: Partial<SidecarPaths> = {}): SidecarPaths {
  const dir = dirname(output);
  const file = basename(output);
  const stem = file.slice(0, file.length - extname(file).length);
  const core = stem.startsWith('labeled_') && stem.length > 'labeled_'.length ? stem.slice('labeled_'.length) : stem;
  return {
    stats: explicit.stats ?? join(dir, `stats_${core}.json`),
    monitor: explicit.monitor ?? join(dir, `monitor_${core}.jsonl`),
  };
}
