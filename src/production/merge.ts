import { existsSync, readFileSync } from 'node:fs';
import { canonicalJson, recordId, sha256Hex } from '../conversation/index.js';
import { InputError, RunIncompleteError, UsageError } from '../errors/index.js';
import { LabelStatsSchema, outputFormat, readLabeledRecords, sidecarPaths, StatsAccumulator, type LabelStats } from '../records/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { openAtomicFile } from '../util/atomic-write.js';
import { shardSetProblems } from './merge-check.js';
import { mergeStats } from './merge-stats.js';

export interface MergeOptions {
  /** Shard outputs (JSONL or JSON arrays), in the order their records are written. */
  inputs: string[];
  /** Merged output, .jsonl or .json (written atomically). */
  output: string;
  /** Default: stats_<name>.json / monitor_<name>.jsonl beside the output. */
  stats?: string;
  monitor?: string;
  taxonomy: Taxonomy;
  /** Write the merge although the shard set is incomplete (its stats then say complete: false). Default false. */
  allowIncomplete?: boolean;
}

export interface MergeResult {
  records: number;
  labeled: number;
  failed: number;
  /** Identical records seen more than once (kept once). */
  duplicates: number;
  /** Ids that failed in one shard and were labeled in another: the labeled record was kept. */
  replacedFailures: number;
  stats: LabelStats;
  paths: { output: string; stats: string; monitor: string };
  /** Shard stats files that were not found (their input failures and costs are missing from the merged stats). */
  missingStats: string[];
  /** Why the shard set is not the whole input (empty when it is); only non-empty with allowIncomplete. */
  incomplete: string[];
}

interface Winner {
  fp: string;
  file: number;
  index: number;
  failed: boolean;
  where: string;
}

/**
 * Join shard outputs into one: every id once (identical duplicates dropped; an id failed in one shard and labeled
 * in another keeps the labeled record; two different labeled records for one id are an error listing them), the
 * shards' monitors concatenated for the kept records, and their stats merged (stats-schema version 1).
 * Two passes over the inputs, holding one small entry per id.
 */
export async function mergeOutputs(options: MergeOptions): Promise<MergeResult> {
  if (options.inputs.length === 0) throw new UsageError('merge: name at least one shard output');
  const format = outputFormat(options.output);
  const paths = { output: options.output, ...sidecarPaths(options.output, { stats: options.stats, monitor: options.monitor }) };
  if (options.inputs.includes(options.output)) throw new UsageError(`merge: --output ${options.output} is also an input`);
  // The shard set first: an incomplete one is refused before anything is written.
  const shardStats = options.inputs.map((i) => sidecarPaths(i).stats);
  const entries = options.inputs.map((output, i) => ({ output, statsPath: shardStats[i]!, stats: existsSync(shardStats[i]!) ? readStats(shardStats[i]!) : null }));
  const incomplete = shardSetProblems(entries);
  if (incomplete.length && !options.allowIncomplete) {
    throw new RunIncompleteError(
      `merge: the shard outputs are not the whole input, nothing written:\n${incomplete.map((p) => `  - ${p}`).join('\n')}\n` +
        'finish or add the missing shards, or use --allow-incomplete to write a merge whose stats say complete: false',
    );
  }
  const { winners, duplicates, replacedFailures } = await chooseWinners(options.inputs);
  const out = openAtomicFile(paths.output);
  // Distributions and confidence come from the merged records through the one accumulator (exact after dedupe).
  const acc = new StatsAccumulator(options.taxonomy);
  let labeled = 0;
  let failed = 0;
  const labelerFailures: LabelStats['failures'] = [];
  try {
    let buf: string[] = [];
    const flush = (): void => {
      out.write(buf.join(''));
      buf = [];
    };
    for (let f = 0; f < options.inputs.length; f++) {
      for await (const { record, index } of readLabeledRecords(options.inputs[f]!)) {
        const id = recordId(record);
        const w = winners.get(id);
        if (!w || w.file !== f || w.index !== index) continue;
        buf.push(format === 'json' ? (labeled + failed === 0 ? '[\n' : ',\n') : '', JSON.stringify(record), format === 'json' ? '' : '\n');
        if (buf.length > 3000) flush();
        if (w.failed) {
          failed++;
          const reason = (record.labeling_monitor as { error?: unknown } | undefined)?.error;
          labelerFailures.push({ id, index: labeled + failed - 1, stage: 'labeler', reason: typeof reason === 'string' ? reason : 'labels: null' });
          continue;
        }
        labeled++;
        acc.addRecord(record);
      }
    }
    if (format === 'json') buf.push(labeled + failed === 0 ? '[]\n' : '\n]\n');
    flush();
    out.commit();
  } catch (err) {
    out.abort();
    throw err;
  }
  await mergeMonitors(options.inputs, paths.monitor, winners);
  const loaded = entries.flatMap((e) => (e.stats ? [e.stats] : []));
  const merged = mergeStats(loaded, { labeled, failed, labelerFailures, counts: acc, paths, taxonomy: options.taxonomy });
  const stats = incomplete.length ? { ...merged, complete: false } : merged;
  const atomic = openAtomicFile(paths.stats);
  atomic.write(`${JSON.stringify(stats, null, 2)}\n`);
  atomic.commit();
  return { records: labeled + failed, labeled, failed, duplicates, replacedFailures, stats, paths, missingStats: shardStats.filter((p) => !existsSync(p)), incomplete };
}

async function chooseWinners(inputs: string[]): Promise<{ winners: Map<string, Winner>; duplicates: number; replacedFailures: number }> {
  const winners = new Map<string, Winner>();
  const conflicts: string[] = [];
  let duplicates = 0;
  let replacedFailures = 0;
  for (let f = 0; f < inputs.length; f++) {
    for await (const { record, index, where } of readLabeledRecords(inputs[f]!)) {
      const id = recordId(record);
      const failed = record.labels === null || record.labels === undefined;
      // The monitor differs run to run (latency, attempts); the record and its labels must not.
      const { labeling_monitor: _monitor, ...rest } = record;
      const fp = sha256Hex(canonicalJson(rest)).slice(0, 16);
      const seen = winners.get(id);
      if (!seen) winners.set(id, { fp, file: f, index, failed, where });
      else if (seen.fp === fp) duplicates++;
      else if (seen.failed && !failed) {
        winners.set(id, { fp, file: f, index, failed, where });
        replacedFailures++;
      } else if (failed) replacedFailures++;
      else conflicts.push(`id ${id}: ${seen.where} and ${where} carry different records or labels`);
    }
  }
  if (conflicts.length) {
    throw new InputError(`merge: ${conflicts.length} id(s) with conflicting duplicates:\n${conflicts.slice(0, 20).map((c) => `  - ${c}`).join('\n')}`);
  }
  return { winners, duplicates, replacedFailures };
}

/** Concatenate the shards' monitor lines of the records kept (each id once). */
async function mergeMonitors(inputs: string[], target: string, winners: Map<string, Winner>): Promise<void> {
  const out = openAtomicFile(target);
  const written = new Set<string>();
  try {
    for (let f = 0; f < inputs.length; f++) {
      const monitor = sidecarPaths(inputs[f]!).monitor;
      if (!existsSync(monitor)) continue;
      let buf: string[] = [];
      for await (const { record } of readLabeledRecords(monitor)) {
        const id = typeof record.id === 'string' ? record.id : null;
        if (id === null || winners.get(id)?.file !== f || written.has(id)) continue;
        written.add(id);
        buf.push(`${JSON.stringify(record)}\n`);
        if (buf.length > 3000) {
          out.write(buf.join(''));
          buf = [];
        }
      }
      out.write(buf.join(''));
    }
    out.commit();
  } catch (err) {
    out.abort();
    throw err;
  }
}

function readStats(path: string): LabelStats {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(`${path}: cannot read shard stats (${(err as Error).message})`, { file: path }, { cause: err });
  }
  const parsed = LabelStatsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new InputError(`${path}: not a stats file of this version:\n  - ${issues.join('\n  - ')}`, { file: path });
  }
  return parsed.data;
}
