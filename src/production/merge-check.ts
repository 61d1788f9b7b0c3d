import type { LabelStats } from '../records/index.js';

/** One shard output named to `merge`, with its stats when they were found. */
export interface ShardEntry {
  output: string;
  stats: LabelStats | null;
  statsPath: string;
}

/**
 * What keeps a set of shard outputs from being the whole input (pure): K of N from each shard's stats
 * (`selection.shard`), every K from 1 to N present, each one finished (`complete: true`) and not cut by `--limit`.
 * An empty list means the set is complete. A single output labeled without --shard stands for the whole input.
 */
export function shardSetProblems(entries: readonly ShardEntry[]): string[] {
  const problems: string[] = [];
  const seen = new Map<number, string>();
  const counts = new Set<number>();
  for (const e of entries) {
    if (!e.stats) {
      problems.push(`${e.output}: no stats file (${e.statsPath}), so which shard it is and whether it finished is unknown`);
      continue;
    }
    const s = e.stats;
    if (!s.complete) problems.push(`${e.output}: not finished (its stats say complete: false: interrupted, crashed or still running); run its label command again`);
    if (s.selection.limit !== null) problems.push(`${e.output}: labeled with --limit ${s.selection.limit}, only part of its shard`);
    const m = s.selection.shard ? /^(\d+)\/(\d+)$/.exec(s.selection.shard) : null;
    if (!m) {
      if (entries.length > 1) problems.push(`${e.output}: labeled without --shard, so it is not one part of a shard set`);
      continue;
    }
    const k = Number(m[1]);
    counts.add(Number(m[2]));
    const other = seen.get(k);
    if (other !== undefined && other !== e.output) problems.push(`shard ${s.selection.shard} is named twice: ${other} and ${e.output}`);
    seen.set(k, e.output);
  }
  if (counts.size > 1) problems.push(`the shards were cut into different numbers of parts: ${[...counts].sort((a, b) => a - b).map((n) => `N=${n}`).join(', ')}`);
  else if (counts.size === 1) {
    const n = [...counts][0]!;
    const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !seen.has(k));
    if (missing.length) problems.push(`shard(s) ${missing.map((k) => `${k}/${n}`).join(', ')} missing: ${seen.size} of ${n} given`);
  }
  return problems;
}
