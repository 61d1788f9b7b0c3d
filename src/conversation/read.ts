import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { InputError } from '../errors/index.js';
import { isObj } from './content.js';
import { isMessageList, toConversation } from './convert.js';
import { recordId } from './id.js';
import { jsonErrorOffset, lineCol } from './json-position.js';
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
  const options = { ...DEFAULTS, ...opts };
  await checkReadable(file);
  const head = await firstChars(file, 4096);
  const first = head.replace(/^[\s\uFEFF]+/, '')[0];
  if (first === undefined) return;
  if (/\.(jsonl|ndjson)$/i.test(file)) return yield* readJsonl(file, options);
  if (first !== '[' && first !== '{') {
    throw new InputError(`${file}: unknown container: expected a JSON array, a JSON object or JSONL (starts with ${JSON.stringify(first)})`, { file });
  }
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    if (first === '{' && looksLikeJsonl(text)) return yield* readJsonl(file, options);
    const offset = jsonErrorOffset(text);
    const { line, col } = lineCol(text, offset < 0 ? text.length : offset);
    throw new InputError(`${file}:${line}:${col}: invalid JSON: ${(err as Error).message.split('\n')[0]}`, { file, line }, { cause: err });
  }
  const records = Array.isArray(data) && !isMessageList(data) ? data : [data];
  for (let index = 0; index < records.length; index++) yield item(records[index], index, undefined, file, options);
}

async function* readJsonl(file: string, options: Required<ReadOptions>): AsyncGenerator<ReadItem> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
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

async function firstChars(file: string, bytes: number): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** A `.json` file that is really JSONL: its first non-blank line is a complete JSON value on its own. */
function looksLikeJsonl(text: string): boolean {
  const firstLine = text.split('\n', 64).find((l) => l.trim());
  if (!firstLine) return false;
  try {
    JSON.parse(firstLine);
    return true;
  } catch {
    return false;
  }
}
