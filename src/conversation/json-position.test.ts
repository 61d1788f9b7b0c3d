import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineCol } from './json-position.js';

describe('jsonErrorOffset', () => {
  it('points at the first invalid character', () => {
    expect(jsonErrorOffset('[1,\n2,}')).toBe(6);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('[1] x')).toBe(4);
  });

  it('points at the end for truncated input and returns -1 for valid JSON', () => {
    expect(jsonErrorOffset('{"a": [1, 2')).toBe(11);
    expect(jsonErrorOffset('{"a": "x\\"y", "b": [true, null, -1.5e3]}')).toBe(-1);
  });
});

describe('lineCol', () => {
  it('gives 1-based line and column', () => {
    expect(lineCol('ab\ncd\nef', 4)).toEqual({ line: 2, col: 2 });
    expect(lineCol('x', 0)).toEqual({ line: 1, col: 1 });
  });
});
