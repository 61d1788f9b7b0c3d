import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, sniffNotUtf8 } from './encoding.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('firstInvalidUtf8', () => {
  it('accepts ASCII and well-formed 2, 3 and 4 byte sequences', () => {
    expect(firstInvalidUtf8(Buffer.from('plain ascii', 'utf8'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from('café – 日本 😀', 'utf8'))).toBe(-1);
  });

  it('names the first bad byte: Latin-1, lone continuation, overlong, surrogate, past U+10FFFF, truncated', () => {
    expect(firstInvalidUtf8(Buffer.from('caf\xe9 ok', 'latin1'))).toBe(3);
    expect(firstInvalidUtf8(bytes(0x41, 0x80))).toBe(1);
    expect(firstInvalidUtf8(bytes(0xc0, 0xaf))).toBe(0); // overlong '/'
    expect(firstInvalidUtf8(bytes(0xe0, 0x80, 0xaf))).toBe(0); // overlong 3-byte
    expect(firstInvalidUtf8(bytes(0x41, 0xed, 0xa0, 0x80))).toBe(1); // U+D800
    expect(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // U+110000
    expect(firstInvalidUtf8(bytes(0x41, 0x42, 0xe6, 0x97))).toBe(2);
    expect(firstInvalidUtf8(bytes(0x41, 0x42, 0xe6, 0x97), true)).toBe(-1); // a chunk cut mid-sequence
  });

  it('agrees with the native fatal decoder on every 2-byte input', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    for (let a = 0; a < 256; a += 1) {
      for (let b = 0; b < 256; b += 7) {
        let native = true;
        try {
          fatal.decode(bytes(a, b));
        } catch {
          native = false;
        }
        expect(firstInvalidUtf8(bytes(a, b)) === -1).toBe(native);
      }
    }
  });
});

describe('sniffNotUtf8', () => {
  it('names UTF-16/32 byte order marks and NUL patterns; says nothing of UTF-8', () => {
    expect(sniffNotUtf8(Buffer.from('\ufeff[{"a":1}]', 'utf16le'))).toMatch(/UTF-16 \(little-endian\) byte order mark/);
    expect(sniffNotUtf8(bytes(0xfe, 0xff, 0, 0x5b))).toMatch(/UTF-16 \(big-endian\)/);
    expect(sniffNotUtf8(bytes(0xff, 0xfe, 0, 0))).toMatch(/UTF-32 \(little-endian\)/);
    expect(sniffNotUtf8(Buffer.from('[{"a":1}]', 'utf16le'))).toMatch(/UTF-16 little-endian without a byte order mark/);
    expect(sniffNotUtf8(Buffer.from('\0[\0{', 'latin1'))).toMatch(/UTF-16 big-endian/);
    expect(sniffNotUtf8(Buffer.from('\ufeff[{"a":"日本"}]', 'utf8'))).toBeUndefined();
  });
});
