import { closeSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { openAtomicFile, type AtomicFile } from '../util/atomic-write.js';
import type { OutputFormat } from './paths.js';

/** Where labeled records go, one JSON text per record, in the order written. */
export interface RecordSink {
  write(json: string): void;
  /** Finish: flush, fsync and (atomic sinks) publish the file. */
  commit(): void;
  /** Stop after an error: append sinks keep what is written (a resumable prefix), atomic sinks leave the target untouched. */
  abort(): void;
}

export interface SinkOptions {
  path: string;
  format: OutputFormat;
  /**
   * `append`: JSONL appended line by line, crash-safe and resumable (optionally cut back to `truncateAt` bytes
   * first, dropping a half-written last line). `truncate`: the same after emptying the file. `atomic`: everything
   * goes to a temp file renamed over `path` on commit (the JSON array always; JSONL when rewriting, --retry-failed).
   */
  mode: 'append' | 'truncate' | 'atomic';
  truncateAt?: number;
  /** Append sinks fsync at most this often. Default 2000 ms. */
  fsyncEveryMs?: number;
  now?: () => number;
}

/** Bytes buffered before a write(2); small enough that a crash loses little, large enough to be fast. */
const FLUSH_BYTES = 256 * 1024;

export function createSink(options: SinkOptions): RecordSink {
  if (options.mode === 'atomic') return options.format === 'json' ? jsonArraySink(openAtomicFile(options.path)) : atomicLinesSink(openAtomicFile(options.path));
  if (options.format === 'json') throw new Error(`${options.path}: a JSON array output can only be written atomically`);
  return appendLinesSink(options);
}

function appendLinesSink(options: SinkOptions): RecordSink {
  const now = options.now ?? Date.now;
  const every = options.fsyncEveryMs ?? 2000;
  const fd = openSync(options.path, options.mode === 'truncate' ? 'w' : 'a');
  if (options.mode === 'append' && options.truncateAt !== undefined) ftruncateSync(fd, options.truncateAt);
  let chunks: string[] = [];
  let size = 0;
  let lastSync = now();
  let open = true;
  const flush = (): void => {
    if (!chunks.length) return;
    const buf = Buffer.from(chunks.join(''), 'utf8');
    chunks = [];
    size = 0;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  };
  const close = (): void => {
    if (!open) return;
    open = false;
    flush();
    fsyncSync(fd);
    closeSync(fd);
  };
  return {
    write(json) {
      chunks.push(json, '\n');
      size += json.length + 1;
      if (size >= FLUSH_BYTES) flush();
      const t = now();
      if (t - lastSync >= every) {
        flush();
        fsyncSync(fd);
        lastSync = t;
      }
    },
    commit: close,
    abort: close,
  };
}

function atomicLinesSink(file: AtomicFile): RecordSink {
  return {
    write: (json) => file.write(`${json}\n`),
    commit: () => file.commit(),
    abort: () => file.abort(),
  };
}

/** A JSON array streamed to the temp file one record per line, so even the array output needs no records in memory. */
function jsonArraySink(file: AtomicFile): RecordSink {
  let n = 0;
  const pending: string[] = [];
  let size = 0;
  const flush = (): void => {
    file.write(pending.join(''));
    pending.length = 0;
    size = 0;
  };
  return {
    write(json) {
      pending.push(n++ === 0 ? '[\n' : ',\n', json);
      size += json.length + 2;
      if (size >= FLUSH_BYTES) flush();
    },
    commit() {
      pending.push(n === 0 ? '[]\n' : '\n]\n');
      flush();
      file.commit();
    },
    abort: () => file.abort(),
  };
}
