import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import type { z } from 'zod';
import { streamJsonArray } from '../conversation/index.js';
import { InputError } from '../errors/index.js';
import { dottedPath } from '../util/yaml.js';

/**
 * The one reader of labeled files (labeled outputs, shard outputs, runs/<config>.jsonl, gold labels, monitor files):
 * a JSON array or JSONL of objects. Input conversations are read by conversation/read.ts instead (it converts
 * formats and never throws per record); this reader only checks that each record is an object and, when given a
 * zod schema, that it has the expected shape.
 */

/** One record of a labeled file, with where it was. */
export interface LabeledLine<T = Record<string, unknown>> {
  /** The object read (the schema's output when a schema was given). */
  record: T;
  /** 0-based position among the file's records (blank lines are not records). */
  index: number;
  /** 1-based line (JSONL only). */
  line?: number;
  /** `file:line` (JSONL) or `file: record i` (JSON array), for messages. */
  where: string;
  /** The record's JSON text as it is in the file (a JSONL line; re-serialised for a JSON array). */
  text: string;
}

/** A record the reader left out (lenient mode, or an unterminated last line with `completeLinesOnly`). */
export interface SkippedLine {
  index: number;
  line?: number;
  where: string;
  /** `where: what is wrong`, ready to print. */
  message: string;
  /** The last line had no newline: a write cut short (SIGKILL, full disk), not a damaged record. */
  torn: boolean;
}

export interface ReadLabeledOptions<S extends z.ZodType = z.ZodType<Record<string, unknown>>> {
  /**
   * `strict` (default): the first bad record throws an InputError naming the file, the line (JSONL) or index (JSON
   * array) and the field. `lenient`: bad records are skipped and reported to `onSkip`.
   */
  mode?: 'strict' | 'lenient';
  /** Shape every record must have; its output is what `record` holds. Default: any JSON object. */
  schema?: S;
  /** Told about every record skipped. Default: nothing. */
  onSkip?: (skipped: SkippedLine) => void;
  /**
   * JSONL only: skip a last line without its newline even when it parses (a file appended line by line, where only a
   * terminated line is known to be complete: runs files). Default false: such a line is read when it parses, and
   * when it does not, strict mode names it as truncated.
   */
  completeLinesOnly?: boolean;
}

type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, unknown>;

/**
 * Stream the records of a labeled file: JSONL line by line in constant memory, or a JSON array element by element
 * (streamed too). `.jsonl`/`.ndjson` is JSONL; any other file is a JSON array when it starts with `[`, else
 * JSONL. Blank lines and a UTF-8 byte order mark are skipped. A file that cannot be read, or a JSON array that does
 * not parse, always throws InputError: there is nothing to skip to.
 */
export async function* readLabeledRecords<S extends z.ZodType = z.ZodType<Record<string, unknown>>>(
  file: string,
  options: ReadLabeledOptions<S> = {},
): AsyncGenerator<LabeledLine<Out<S>>> {
  const parser = new RecordParser<Out<S>>(file, options);
  const bom = jsonArrayStart(file);
  if (bom !== null) {
    // Streamed element by element (src/conversation/json-stream.ts): a JSON array output can be as large as its input.
    for await (const value of streamJsonArray(file, { start: bom })) {
      const got = parser.item(value);
      if (got) yield got;
    }
    return;
  }
  // Pieces of the line being read: a line longer than a chunk is joined once, when its newline comes.
  const pieces: string[] = [];
  let lineNo = 0;
  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8' }) as AsyncIterable<string>) {
      let start = 0;
      for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
        const piece = chunk.slice(start, nl);
        start = nl + 1;
        let text = piece;
        if (pieces.length) {
          pieces.push(piece);
          text = pieces.join('');
          pieces.length = 0;
        }
        const got = parser.line(text, ++lineNo, true);
        if (got) yield got;
      }
      if (start < chunk.length) pieces.push(chunk.slice(start));
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file}: cannot read: ${(err as Error).message}`, { file }, { cause: err });
  }
  const last = parser.line(pieces.join(''), ++lineNo, false);
  if (last) yield last;
}

/**
 * The same reader for callers that need the records at once and synchronously (runs files of a few thousand lines,
 * gold files); same formats, modes and messages as readLabeledRecords.
 */
export function readLabeledRecordsSync<S extends z.ZodType = z.ZodType<Record<string, unknown>>>(
  file: string,
  options: ReadLabeledOptions<S> = {},
): Array<LabeledLine<Out<S>>> {
  const parser = new RecordParser<Out<S>>(file, options);
  const text = readText(file);
  if (!/\.(jsonl|ndjson)$/i.test(file) && startsWithBracket(text)) return [...parser.array(text)];
  const lines = text.split('\n');
  const last = lines.pop()!;
  const out: Array<LabeledLine<Out<S>>> = [];
  lines.forEach((l, i) => {
    const got = parser.line(l, i + 1, true);
    if (got) out.push(got);
  });
  const got = parser.line(last, lines.length + 1, false);
  if (got) out.push(got);
  return out;
}

/** Turns lines and array items into records or problems; holds the position counters of one file. */
class RecordParser<T> {
  private index = 0;
  constructor(
    private readonly file: string,
    private readonly options: ReadLabeledOptions<z.ZodType>,
  ) {}

  *array(text: string): Generator<LabeledLine<T>> {
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new InputError(`${this.file}: invalid JSON: ${(err as Error).message}`, { file: this.file }, { cause: err });
    }
    if (!Array.isArray(data)) throw new InputError(`${this.file}: expected a JSON array of labeled records`, { file: this.file });
    for (const value of data) {
      const got = this.item(value);
      if (got) yield got;
    }
  }

  /** One element of a JSON array. */
  item(value: unknown): LabeledLine<T> | null {
    const i = this.index++;
    return this.check(value, { index: i, where: `${this.file}: record ${i}`, text: JSON.stringify(value) }, false);
  }

  /** One JSONL line; `terminated` = a newline followed it. */
  line(raw: string, lineNo: number, terminated: boolean): LabeledLine<T> | null {
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineNo === 1) text = text.replace(/^\uFEFF/, '');
    if (!text.trim()) return null;
    const at = { index: this.index++, line: lineNo, where: `${this.file}:${lineNo}`, text };
    if (!terminated && this.options.completeLinesOnly) return this.skip(at, 'last line has no newline (a write cut short); left out', true);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const why = (err as Error).message.split('\n')[0];
      return terminated
        ? this.skip(at, `invalid JSON: ${why}`, false)
        : this.skip(at, `truncated last line (no newline at the end, the writer was interrupted?): invalid JSON: ${why}`, true);
    }
    return this.check(value, at, !terminated);
  }

  private check(value: unknown, at: Omit<LabeledLine<T>, 'record'>, torn: boolean): LabeledLine<T> | null {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return this.skip(at, 'not a labeled record (expected a JSON object)', torn);
    if (!this.options.schema) return withRecord(at, value as T);
    const parsed = this.options.schema.safeParse(value);
    if (parsed.success) return withRecord(at, parsed.data as T);
    // Every issue, each with its field's dotted path: one look at the message tells all that is wrong with the record.
    const id = (value as { id?: unknown }).id;
    const idText = typeof id === 'string' || typeof id === 'number' ? `id "${id}": ` : '';
    return this.skip(at, `${idText}${parsed.error.issues.map((i) => `${dottedPath(i.path)}: ${i.message}`).join('; ')}`, torn);
  }

  private skip(at: Omit<LabeledLine<T>, 'record'>, why: string, torn: boolean): null {
    const message = `${at.where}: ${why}`;
    if (this.options.mode !== 'lenient' && !(torn && this.options.completeLinesOnly)) {
      throw new InputError(message, { file: this.file, ...(at.line !== undefined ? { line: at.line } : { record: at.index }) });
    }
    this.options.onSkip?.({ index: at.index, ...(at.line !== undefined ? { line: at.line } : {}), where: at.where, message, torn });
    return null;
  }
}

/** One object shape for every record (hot path: a spread would make each a new shape). */
function withRecord<T>(at: Omit<LabeledLine<T>, 'record'>, record: T): LabeledLine<T> {
  return at.line === undefined
    ? { record, index: at.index, where: at.where, text: at.text }
    : { record, index: at.index, line: at.line, where: at.where, text: at.text };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read: ${(err as Error).message}`, { file }, { cause: err });
  }
}

function startsWithBracket(text: string): boolean {
  return text.replace(/^[\s\uFEFF]+/, '').startsWith('[');
}

/**
 * Byte offset of a JSON array's text (3 after a UTF-8 BOM, else 0), or null when the file is JSONL (named so, or not
 * starting with `[`); sniffs the first bytes only, so a large JSONL file is never read whole.
 */
function jsonArrayStart(file: string): number | null {
  if (/\.(jsonl|ndjson)$/i.test(file)) return null;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw new InputError(`${file}: cannot read: ${(err as Error).message}`, { file }, { cause: err });
  }
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const head = buf.subarray(0, n).toString('utf8');
    if (!startsWithBracket(head)) return null;
    return head.startsWith('\uFEFF') ? 3 : 0;
  } finally {
    closeSync(fd);
  }
}
