import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { recordId, streamJsonArray } from '../conversation/index.js';
import { InputError } from '../errors/index.js';
import type { OutputFormat } from '../records/paths.js';

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
  if (format === 'json') return { records: jsonRecords(path), completeBytes: size };
  return { records: jsonlRecords(path), completeBytes: completeLinesLength(path) };
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

function toPrior(value: unknown, json: string, where: string): PriorRecord {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`${where}: not a labeled record (expected an object); move the file away or use --fresh to overwrite it`);
  }
  const record = value as Record<string, unknown>;
  const mon = record.labeling_monitor as { error?: unknown } | undefined;
  const failed = record.labels === null || record.labels === undefined;
  const reason = failed ? (typeof mon?.error === 'string' ? mon.error : 'labels missing in the earlier output') : null;
  return { id: recordId(record), record, json, failed, reason };
}

async function* jsonlRecords(path: string): AsyncGenerator<PriorRecord> {
  const end = completeLinesLength(path);
  if (end === 0) return;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8', start: 0, end: end - 1 }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new InputError(`${path}:${n}: earlier output has an invalid line (${(err as Error).message}); use --fresh to overwrite it`, { file: path, line: n });
    }
    yield toPrior(value, line, `${path}:${n}`);
  }
}

/** An earlier JSON array output, streamed (it can be as large as the input). */
async function* jsonRecords(path: string): AsyncGenerator<PriorRecord> {
  let i = 0;
  try {
    for await (const value of streamJsonArray(path)) yield toPrior(value, JSON.stringify(value), `${path}: record ${i++}`);
  } catch (err) {
    if (!(err instanceof InputError) || err.context.file !== path || err.context.record === undefined) throw err;
    throw new InputError(`${err.message}; the earlier output is not a valid JSON array: use --fresh to overwrite it`, err.context, { cause: err });
  }
}
