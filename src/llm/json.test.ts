import { describe, expect, it } from 'vitest';
import { extractJsonObject } from './json.js';

describe('extractJsonObject', () => {
  it('parses a bare object', () => {
    expect(extractJsonObject('{"a": 1}')).toMatchObject({ ok: true, value: { a: 1 } });
  });
  it('strips code fences', () => {
    const r = extractJsonObject('```json\n{"intent": {"tags": ["build"], "confidence": 0.9}}\n```');
    expect(r).toMatchObject({ ok: true, value: { intent: { tags: ['build'], confidence: 0.9 } } });
  });
  it('prefers the fenced object over braces in the surrounding prose', () => {
    const r = extractJsonObject('Use {placeholders} like this:\n```\n{"x": true}\n```\nDone.');
    expect(r).toMatchObject({ ok: true, value: { x: true } });
  });
  it('takes the first object out of prose', () => {
    const r = extractJsonObject('Sure! Here are the labels: {"a": {"b": [1, 2]}} and then {"c": 3}. Hope it helps.');
    expect(r).toMatchObject({ ok: true, value: { a: { b: [1, 2] } }, text: '{"a": {"b": [1, 2]}}' });
  });
  it('is not fooled by braces and escaped quotes inside strings', () => {
    const text = 'x {"why": "a } brace and a \\"quoted {\\" one", "n": {"m": "}"}} tail }';
    const r = extractJsonObject(text);
    expect(r).toMatchObject({ ok: true, value: { why: 'a } brace and a "quoted {" one', n: { m: '}' } } });
  });
  it('skips a brace pair that is not JSON and finds the next object', () => {
    expect(extractJsonObject('f(x) {return 1} then {"ok": 1}')).toMatchObject({ ok: true, value: { ok: 1 } });
  });
  it('reports a truncated object instead of picking an inner one', () => {
    const r = extractJsonObject('{"intent": {"tags": ["build"], "confidence": 0.9}, "language": {"tags": ["py');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/unterminated .*truncated/);
  });
  it('reports empty and non-JSON answers', () => {
    expect(extractJsonObject('   ')).toEqual({ ok: false, reason: 'empty answer' });
    expect(extractJsonObject('I cannot help with that.')).toEqual({ ok: false, reason: 'no JSON object found' });
    const arr = extractJsonObject('[1, 2]');
    expect(arr.ok).toBe(false);
  });
});
