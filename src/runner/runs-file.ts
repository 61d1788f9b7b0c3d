import { appendFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { readLabeledRecordsSync, type SkippedLine } from '../records/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { RunLineSchema, type RunLine } from './results.js';

/** Identity of one labeling job inside a configuration: the gold id and the repeat. */
export function jobKey(id: string, sampleIndex: number): string {
  return `${id}#${sampleIndex}`;
}

export interface PriorRuns {
  /** Finished lines by jobKey: labeled, complete, and made with the same configuration fingerprint. */
  finished: Map<string, RunLine>;
  /** Lines dropped to be labeled again: a torn last line, failed samples, another fingerprint, duplicates. */
  dropped: number;
}

/**
 * Read runs/<config>.jsonl for resuming. Finished = a complete line (ending in a newline) whose sample was labeled
 * with this configuration's fingerprint. Everything else is dropped and the file is rewritten atomically without
 * it, so that appending the new lines never leaves a sample twice: a line cut by SIGKILL, a sample that failed (a
 * transient HTTP error deserves another try; a deterministic failure comes back from the cache for free), and lines
 * made by a configuration that has since changed (a prompt edit keeps the configuration's name).
 */
export function readPriorRuns(path: string, fingerprint: string): PriorRuns {
  const finished = new Map<string, RunLine>();
  if (!existsSync(path)) return { finished, dropped: 0 };
  const kept: string[] = [];
  let dropped = 0;
  for (const { record, text } of readRunFile(path, () => dropped++)) {
    const key = jobKey(record.id, record.sample_index);
    if (record.labels === null || record.config_hash !== fingerprint || finished.has(key)) {
      dropped++;
      continue;
    }
    finished.set(key, record);
    kept.push(text);
  }
  if (dropped) writeFileAtomic(path, kept.map((l) => `${l}\n`).join(''));
  return { finished, dropped };
}

/** Complete lines (ending in a newline) that parse as run lines, through the one records reader; others are skipped. */
function readRunFile(path: string, onSkip: (s: SkippedLine) => void) {
  return readLabeledRecordsSync(path, { schema: RunLineSchema, mode: 'lenient', completeLinesOnly: true, onSkip });
}

/**
 * Appends one finished sample per call as a whole line. One write per line: a crash leaves at most the last line
 * torn, which readPriorRuns drops.
 */
export interface RunsWriter {
  readonly path: string;
  append(line: RunLine): void;
}

export function openRunsWriter(path: string, options: { fresh: boolean }): RunsWriter {
  mkdirSync(dirname(path), { recursive: true });
  if (options.fresh) rmSync(path, { force: true });
  return {
    path,
    append(line) {
      appendFileSync(path, `${JSON.stringify(line)}\n`);
    },
  };
}

/**
 * Every complete, parseable line of a runs file (for scoring and the report), in file order. The one reader of runs
 * files: `onSkip` hears of each line left out (damaged, or torn by a crash) so a caller can say how many.
 */
export function readRunLines(path: string, options: { onSkip?: (s: SkippedLine) => void } = {}): RunLine[] {
  if (!existsSync(path)) return [];
  return readRunFile(path, options.onSkip ?? (() => {})).map((l) => l.record);
}
