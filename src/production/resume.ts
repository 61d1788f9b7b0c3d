import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { recordId } from '../conversation/index.js';
import { InputError } from '../errors/index.js';
import { readLabeledRecords, type LabeledLine, type OutputFormat } from '../records/index.js';

/** One record of an earlier run's output. */
export interface PriorRecord {
  id: string;
  /** The record as written (labels, confidence, labeling_monitor included). */
  record: Record<string, unknown>;
  /** JSON text of the record, for copying it unchanged. */
  json: string;
  failed: boolean;
  /** labeling_monitor.error of a failed record. */
  reason: string | null;
}

export interface PriorOutput {
  records: AsyncIterable<PriorRecord>;
  /**
   * JSONL: byte length of the complete lines; whatever follows (a line cut by a crash) is to be truncated before
   * appending. JSON: the file size (the array is always complete: it is only ever written atomically).
   */
  completeBytes: number;
}

/** An earlier output at `path`, or null when there is none (or it is empty). */
export function openPriorOutput(path: string, format: OutputFormat): PriorOutput | null {
  if (!existsSync(path)) return null;
  const size = statSync(path).size;
  if (size === 0) return null;
  return { records: priorRecords(path), completeBytes: format === 'json' ? size : completeLinesLength(path) };
}

/** Byte length up to and including the last newline (0 when there is none), reading backwards in chunks. */
export function completeLinesLength(path: string): number {
  const size = statSync(path).size;
  const chunk = 1024 * 1024;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(chunk);
    for (let end = size; end > 0; end -= chunk) {
      const start = Math.max(0, end - chunk);
      const n = readSync(fd, buf, 0, end - start, start);
      const last = buf.subarray(0, n).lastIndexOf(0x0a);
      if (last >= 0) return start + last + 1;
    }
    return 0;
  } finally {
    closeSync(fd);
  }
}

function toPrior({ record, text }: LabeledLine): PriorRecord {
  const mon = record.labeling_monitor as { error?: unknown } | undefined;
  const failed = record.labels === null || record.labels === undefined;
  const reason = failed ? (typeof mon?.error === 'string' ? mon.error : 'labels missing in the earlier output') : null;
  return { id: recordId(record), record, json: text, failed, reason };
}

/**
 * The earlier output's records through the one records reader, strict: a damaged record in our own output means
 * something went wrong, and overwriting it is the user's call. A JSONL line cut by a crash (no newline) is left out:
 * it is truncated before appending.
 */
async function* priorRecords(path: string): AsyncGenerator<PriorRecord> {
  try {
    for await (const line of readLabeledRecords(path, { completeLinesOnly: true })) yield toPrior(line);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new InputError(`earlier output: ${err.message}; move the file away or use --fresh to overwrite it`, err.context, { cause: err });
  }
}
