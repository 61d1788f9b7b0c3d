/**
 * Escaping for everything the report writes itself (SVG markup, attributes). Handlebars escapes `{{ }}` on its own;
 * these cover the strings we build in TypeScript, so one escaping rule applies to both: & < > " ' ` =.
 */
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/** Escape text for HTML/SVG element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`=]/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Escape text for a GitHub-flavoured Markdown table cell: `|` would end the cell, `\` `*` `_` `` ` `` `[` `]` `~`
 * `#` and `&` `<` `>` would become markup, entities or raw HTML (GitHub strips scripts, but a PR comment must still read as the
 * data). Newlines become spaces (a table row is one line).
 */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? '')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_[\]~#|]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A number for display: fixed digits, `n/a` for null/undefined/NaN. */
export function fmt(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
}

/** `[lo, hi]` or '' when there is no interval. */
export function fmtCi(ci: readonly [number, number] | null | undefined, digits = 3): string {
  return ci ? `[${fmt(ci[0], digits)}, ${fmt(ci[1], digits)}]` : '';
}

/** Share as a percentage with one decimal, `n/a` when unknown. */
export function fmtPct(value: number | null | undefined): string {
  return value === null || value === undefined ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

/** US dollars: small amounts keep significant digits ($0.000123), `n/a` when unpriced. */
export function fmtUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  if (value === 0) return '$0';
  return value < 0.01 ? `$${value.toPrecision(3)}` : `$${value.toFixed(4)}`;
}
