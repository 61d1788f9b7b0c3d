import { createReadStream } from 'node:fs';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { InputError } from '../errors/index.js';

/**
 * Input files must be UTF-8 (records are promised unchanged, so a byte that is not UTF-8 cannot be replaced by
 * U+FFFD on the way through). The one home of that check: the streaming decoder used by every reader of input
 * files (read.ts, json-stream.ts), the whole-buffer decoder, and the sniffing of UTF-16/UTF-32 files from their
 * first bytes. Every refusal is an InputError naming the file, the line and the byte offset.
 */

/** The hint printed with every encoding refusal. */
const CONVERT = 'convert the file to UTF-8 first (e.g. `iconv -f <encoding> -t UTF-8 in > out`)';

/**
 * The first byte offset in `bytes` where UTF-8 is invalid (a lone continuation byte, a truncated or overlong
 * sequence, a surrogate or a code point past U+10FFFF), or -1 when all of it is valid. A sequence cut by the end
 * of `bytes` counts as invalid unless `partialEndOk` (a chunk of a longer stream).
 */
export function firstInvalidUtf8(bytes: Uint8Array, partialEndOk = false): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k < len; k++) {
      if (i + k >= n) return partialEndOk ? -1 : i;
      const c = bytes[i + k]!;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += len;
  }
  return -1;
}

/** 1-based line of byte `offset` in `bytes` (newlines before it + 1). */
function lineAt(bytes: Uint8Array, offset: number, startLine = 1): number {
  let line = startLine;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}

function invalidUtf8Error(file: string, offset: number, line: number, bytes: Uint8Array, at: number): InputError {
  const shown = [...bytes.subarray(at, Math.min(at + 4, bytes.length))].map((b) => `0x${b.toString(16).padStart(2, '0').toUpperCase()}`).join(' ');
  return new InputError(
    `${file}:${line}: invalid UTF-8 at byte ${offset} (${shown}): the file is not UTF-8 (Latin-1 or Windows-1252?); ` +
      `records are written unchanged, so it is refused rather than altered: ${CONVERT}`,
    { file, line },
  );
}

/**
 * Why the first bytes of a file say it is not UTF-8 text (a UTF-16/UTF-32 byte order mark, or NUL bytes, which
 * UTF-8 JSON never holds outside escapes and UTF-16 holds in every other byte of ASCII text), or undefined.
 */
export function sniffNotUtf8(head: Uint8Array): string | undefined {
  const [a, b, c, d] = head;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'starts with a UTF-32 (little-endian) byte order mark';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'starts with a UTF-32 (big-endian) byte order mark';
  if (a === 0xff && b === 0xfe) return 'starts with a UTF-16 (little-endian) byte order mark';
  if (a === 0xfe && b === 0xff) return 'starts with a UTF-16 (big-endian) byte order mark';
  const nul = head.indexOf(0);
  if (nul < 0) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < head.length; i++) if (head[i] === 0) (i % 2 ? odd++ : even++);
  const guess = odd > head.length / 4 && even === 0 ? 'UTF-16 little-endian' : even > head.length / 4 && odd === 0 ? 'UTF-16 big-endian' : undefined;
  return guess ? `has NUL bytes in every other byte from byte ${nul} (${guess} without a byte order mark?)` : `has a NUL byte at byte ${nul} (a binary file?)`;
}

/** Throws InputError when `head` (the file's first bytes) says the file is UTF-16, UTF-32 or binary. */
export function refuseNotUtf8(file: string, head: Uint8Array): void {
  const why = sniffNotUtf8(head);
  if (!why) return;
  const nul = head.indexOf(0);
  const at = why.startsWith('starts') ? 0 : nul;
  const line = lineAt(head, at);
  throw new InputError(`${file}:${line}: not UTF-8 text: the file ${why}; ${CONVERT}`, { file, line });
}

/** `bytes` (a whole file, or its part from byte `start`) as a string; InputError at the first invalid byte. */
export function decodeUtf8(file: string, bytes: Uint8Array, start = 0): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = Math.max(0, firstInvalidUtf8(bytes));
    throw invalidUtf8Error(file, start + at, lineAt(bytes, at), bytes, at);
  }
}

/**
 * A Transform from the file's bytes (read from byte `start`) to strings, refusing invalid UTF-8 with the exact byte
 * offset and line (found by scanning the file again, on the error path only). Fast path: the native decoder.
 */
export class Utf8Decoder extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  constructor(
    private readonly file: string,
    private readonly start = 0,
  ) {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      locateInvalidUtf8(this.file, this.start).then((err) => done(err), done);
      return;
    }
    done(null, text);
  }
  override _flush(done: TransformCallback): void {
    let text: string;
    try {
      text = this.decoder.decode();
    } catch {
      locateInvalidUtf8(this.file, this.start).then((err) => done(err), done);
      return;
    }
    done(null, text);
  }
}

/** Scan `file` from `start` for its first invalid UTF-8 byte; the InputError naming it (error path only). */
async function locateInvalidUtf8(file: string, start: number): Promise<InputError> {
  let offset = start;
  let line = 1;
  let carry: Uint8Array = new Uint8Array(0);
  for await (const chunk of createReadStream(file, { start }) as AsyncIterable<Buffer>) {
    const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const bad = firstInvalidUtf8(bytes, true);
    if (bad >= 0) return invalidUtf8Error(file, offset + bad, lineAt(bytes, bad, line), bytes, bad);
    // Keep an unfinished sequence at the end (at most 3 bytes) for the next chunk.
    let keep = 0;
    for (let k = 1; k <= Math.min(3, bytes.length); k++) {
      const b = bytes[bytes.length - k]!;
      if (b >= 0xc0) {
        keep = k;
        break;
      }
      if (b < 0x80) break;
    }
    const done = bytes.length - keep;
    line = lineAt(bytes.subarray(0, done), done, line);
    offset += done;
    carry = bytes.subarray(done);
  }
  const bytes = carry;
  return invalidUtf8Error(file, offset, line, bytes, 0);
}

/** The text of `file` from byte `start`, streamed and checked (Utf8Decoder); a read or decoding error ends it. */
export function utf8Stream(file: string, start = 0): Readable {
  return pipeline(createReadStream(file, { start }), new Utf8Decoder(file, start), () => {});
}
