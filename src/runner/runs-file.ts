import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
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
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  const kept: string[] = [];
  let dropped = end < text.length ? 1 : 0;
  for (const line of text.slice(0, end).split('\n')) {
    if (!line.trim()) continue;
    const parsed = parseLine(line);
    const key = parsed ? jobKey(parsed.id, parsed.sample_index) : null;
    if (!parsed || parsed.labels === null || parsed.config_hash !== fingerprint || key === null || finished.has(key)) {
      dropped++;
      continue;
    }
    finished.set(key, parsed);
    kept.push(line);
  }
  if (dropped) writeFileAtomic(path, kept.map((l) => `${l}\n`).join(''));
  return { finished, dropped };
}

function parseLine(line: string): RunLine | null {
  try {
    const r = RunLineSchema.safeParse(JSON.parse(line));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
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
 * Every complete, parseable line of a runs file (for scoring and the report), in file order. `onSkip` hears of each
 * line left out (damaged, or cut by a crash) so a caller can say how many.
 */
export function readRunLines(path: string, options: { onSkip?: () => void } = {}): RunLine[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  const out: RunLine[] = [];
  for (const line of text.slice(0, end).split('\n')) {
    if (!line.trim()) continue;
    const parsed = parseLine(line);
    if (parsed) out.push(parsed);
    else options.onSkip?.();
  }
  // A last line without its newline was cut by a crash: left out (resume labels it again), and counted.
  if (text.slice(end).trim()) options.onSkip?.();
  return out;
}
