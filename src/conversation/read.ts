import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { InputError } from '../errors/index.js';
import { isObj } from './content.js';
import { isMessageList, toConversation } from './convert.js';
import { recordId } from './id.js';
import { decodeUtf8, refuseNotUtf8, utf8Stream } from './encoding.js';
import { jsonErrorOffset, lineCol } from './json-position.js';
import { streamJsonArray } from './json-stream.js';
import type { Conversation } from './schema.js';

export type ReadItem =
  | {
      ok: true;
      index: number;
      line?: number;
      record: unknown;
      conversation: Conversation;
      /** Set when the conversation's text is longer than `maxRecordChars`; it is still read (see ReadOptions). */
      oversized?: true;
    }
  | { ok: false; index: number; line?: number; id?: string; reason: string; record?: unknown };

export interface ReadOptions {
  /**
   * Text size (sum of turn contents, in chars) above which a record is flagged `oversized: true`. Default 1,000,000.
   * Such records are still read: preprocessing and prompt truncation deal with size, and dropping long agent
   * trajectories here would bias any dataset towards short ones. The flag lets callers log or skip them.
   */
  maxRecordChars?: number;
  /**
   * A single JSONL line longer than this (chars) is refused as ok:false without parsing. Default 64 MiB.
   * (readline has already buffered it; refusing avoids parsing it into a far larger object graph.)
   */
  maxLineChars?: number;
}

const DEFAULTS = { maxRecordChars: 1_000_000, maxLineChars: 64 * 1024 * 1024 } as const;

/**
 * Read every record of a `.json` (array, single object, or one bare list of messages = one conversation) or
 * `.jsonl` file (streamed line by line in constant memory; blank lines skipped). A `.json` file whose content
 * is JSONL is read as JSONL. Bad records come out as ok:false items, never as throws; a file that cannot be
 * read or parsed at all throws InputError (with line:col for JSON syntax errors). An empty file yields nothing.
 */
export async function* readRecords(file: string, opts: ReadOptions = {}): AsyncGenerator<ReadItem> {
  let records = 0;
  let firstBad: string | undefined;
  for await (const got of readItems(file, { ...DEFAULTS, ...opts })) {
    records++;
    if (got.ok) records = Infinity;
    else firstBad ??= got.reason;
    yield got;
  }
  if (records === Infinity) return;
  throw new InputError(
    records === 0
      ? `${file}: no records: the file holds no conversation (an empty JSON array or only blank lines)`
      : `${file}: no conversations: none of its ${records} record(s) is a conversation in a known format (first: ${firstBad})`,
    { file },
  );
}

async function* readItems(file: string, options: Required<ReadOptions>): AsyncGenerator<ReadItem> {
  await checkReadable(file);
  const headBytes = await firstBytes(file, 4096);
  refuseNotUtf8(file, headBytes);
  const head = headBytes.toString('utf8');
  const first = head.replace(/^[\s\uFEFF]+/, '')[0];
  if (first === undefined) {
    const what = headBytes.length === 0 ? 'empty file (0 bytes)' : 'the file holds only whitespace';
    throw new InputError(`${file}: ${what}: no records to read`, { file });
  }
  if (/\.(jsonl|ndjson)$/i.test(file)) return yield* readJsonl(file, options);
  if (first !== '[' && first !== '{') {
    throw new InputError(`${file}: unknown container: expected a JSON array, a JSON object or JSONL (starts with ${JSON.stringify(first)})`, { file });
  }
  const bom = head.startsWith('\uFEFF') ? 3 : 0;
  if (first === '[') return yield* readJsonArray(file, bom, options);
  // `{`: one record (read whole: it is one conversation), or JSONL in a `.json` file (streamed as JSONL).
  if (await firstLineIsJson(file)) return yield* readJsonl(file, options);
  const text = decodeUtf8(file, await readFile(file)).replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const offset = jsonErrorOffset(text);
    const { line, col } = lineCol(text, offset < 0 ? text.length : offset);
    throw new InputError(`${file}:${line}:${col}: invalid JSON: ${(err as Error).message.split('\n')[0]}`, { file, line }, { cause: err });
  }
  yield item(data, 0, undefined, file, options);
}

/**
 * A top-level JSON array, streamed element by element (src/conversation/json-stream.ts). An array whose elements
 * are all chat messages (`{role, content}`, a mini-swe-agent trajectory) is one conversation: messages are held
 * while every element so far is one, and given out as separate records as soon as one is not.
 */
async function* readJsonArray(file: string, start: number, options: Required<ReadOptions>): AsyncGenerator<ReadItem> {
  let index = 0;
  let held: unknown[] | null = [];
  for await (const value of streamJsonArray(file, { start })) {
    if (held && isObj(value) && isMessageList([value])) {
      held.push(value);
      continue;
    }
    if (held) {
      for (const m of held) yield item(m, index++, undefined, file, options);
      held = null;
    }
    yield item(value, index++, undefined, file, options);
  }
  if (held?.length) yield item(held, 0, undefined, file, options);
}

async function* readJsonl(file: string, options: Required<ReadOptions>): AsyncGenerator<ReadItem> {
  const lines = createInterface({ input: utf8Stream(file), crlfDelay: Infinity });
  let lineNo = 0;
  let index = 0;
  for await (const raw of lines) {
    lineNo++;
    const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!text.trim()) continue;
    const at = { index: index++, line: lineNo };
    if (text.length > options.maxLineChars) {
      yield { ok: false, ...at, reason: `${file}:${lineNo}: line has ${text.length} chars, over the ${options.maxLineChars} limit` };
      continue;
    }
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (err) {
      const col = Math.max(1, jsonErrorOffset(text) + 1);
      yield { ok: false, ...at, reason: `${file}:${lineNo}:${col}: invalid JSON line: ${(err as Error).message.split('\n')[0]}` };
      continue;
    }
    yield item(record, at.index, lineNo, file, options);
  }
}

function item(record: unknown, index: number, line: number | undefined, file: string, options: Required<ReadOptions>): ReadItem {
  const at = line === undefined ? { index } : { index, line };
  try {
    const conversation = toConversation(record, { index, file });
    const chars = conversation.turns.reduce((sum, t) => sum + t.content.length, 0);
    return chars > options.maxRecordChars ? { ok: true, ...at, record, conversation, oversized: true } : { ok: true, ...at, record, conversation };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const where = line === undefined ? file : `${file}:${line}`;
    const id = isObj(record) || Array.isArray(record) ? recordId(record) : undefined;
    return { ok: false, ...at, ...(id ? { id } : {}), reason: `${where}: ${err.message}`, record };
  }
}

async function checkReadable(file: string): Promise<void> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new InputError(`${file}: not a regular file`, { file });
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file}: cannot read input file: ${(err as Error).message}`, { file }, { cause: err });
  }
}

async function firstBytes(file: string, bytes: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** A `.json` file that is really JSONL: its first non-blank line is a complete JSON value on its own. */
async function firstLineIsJson(file: string): Promise<boolean> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const raw of lines) {
      const line = raw.replace(/^\uFEFF/, '');
      if (!line.trim()) continue;
      try {
        JSON.parse(line);
        return true;
      } catch {
        return false;
      }
    }
    return false;
  } finally {
    lines.close();
  }
}
