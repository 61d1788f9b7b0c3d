import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, fmt, fmtCi, fmtPct, fmtUsd } from './escape.js';

describe('escapeHtml', () => {
  it('escapes every character that can open markup or end an attribute', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&\``)).toBe('&lt;img src&#x3D;x onerror&#x3D;&quot;a(&#x27;b&#x27;)&quot;&gt;&amp;&#x60;');
  });
  it('turns null and undefined into empty text', () => {
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
  });
});

describe('escapeMarkdown', () => {
  it('keeps a table cell one cell: pipes, newlines, markup and raw HTML escaped', () => {
    expect(escapeMarkdown('a|b\n*c* _d_ `e` [f](g) <script> &lt;')).toBe('a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) &lt;script&gt; &amp;lt;');
  });
});

describe('fmt', () => {
  it('formats numbers and says n/a for missing values', () => {
    expect(fmt(0.12345)).toBe('0.123');
    expect(fmt(null)).toBe('n/a');
    expect(fmt(Number.NaN)).toBe('n/a');
    expect(fmtCi([0.1, 0.25])).toBe('[0.100, 0.250]');
    expect(fmtCi(null)).toBe('');
    expect(fmtPct(0.0512)).toBe('5.1%');
    expect(fmtUsd(0)).toBe('$0');
    expect(fmtUsd(0.000123)).toBe('$0.000123');
    expect(fmtUsd(1.5)).toBe('$1.5000');
    expect(fmtUsd(null)).toBe('n/a');
  });
});
