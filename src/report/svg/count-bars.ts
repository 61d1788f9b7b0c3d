import { colourOf, el, linear, short, svgDoc, text, tip } from './common.js';

/** Most bars drawn; the rest are counted in the title. */
export const MAX_BARS = 20;

/** Horizontal bars of counts (a tag distribution), largest first as given; shares printed beside each bar. */
export function countBarsSvg(opts: { title: string; items: ReadonlyArray<{ label: string; count: number }>; total: number }): string {
  const items = opts.items.slice(0, MAX_BARS);
  const row = 18;
  const left = 180;
  const width = 470;
  const top = 24;
  const max = Math.max(1, ...items.map((i) => i.count));
  const x = linear(0, max, left, width - 70);
  const height = top + Math.max(1, items.length) * row + 8;
  const more = opts.items.length > items.length ? ` (top ${items.length} of ${opts.items.length})` : '';
  const parts = [text(4, 13, `${opts.title}${more}`, { class: 'ct' })];
  if (!items.length) parts.push(text(left, top + 12, 'no labels', { class: 'na' }));
  items.forEach((it, i) => {
    const y = top + i * row;
    const pct = opts.total ? `${((100 * it.count) / opts.total).toFixed(1)}%` : '';
    parts.push(text(left - 6, y + 12, short(it.label, 26), { class: 'lbl', 'text-anchor': 'end' }));
    parts.push(el('rect', { x: left, y: y + 3, width: Math.max(1, x(it.count) - left), height: row - 6, fill: colourOf(0) }, tip(`${it.label}: ${it.count} (${pct})`)));
    parts.push(text(x(it.count) + 4, y + 12, `${it.count} · ${pct}`, { class: 'val' }));
  });
  return svgDoc(width, height, opts.title, parts.join(''));
}

/** Vertical histogram of confidence in equal bins over [0, 1]. */
export function histogramSvg(opts: { title: string; bins: readonly number[] }): string {
  const width = 300;
  const height = 150;
  const m = { left: 34, right: 8, top: 22, bottom: 22 };
  const max = Math.max(1, ...opts.bins);
  const bw = (width - m.left - m.right) / Math.max(1, opts.bins.length);
  const y = linear(0, max, height - m.bottom, m.top);
  const parts = [text(4, 13, opts.title, { class: 'ct' })];
  parts.push(text(m.left - 4, y(max) + 4, String(max), { class: 'tick', 'text-anchor': 'end' }));
  parts.push(text(m.left - 4, y(0) + 4, '0', { class: 'tick', 'text-anchor': 'end' }));
  opts.bins.forEach((n, i) => {
    const lo = i / opts.bins.length;
    const hi = (i + 1) / opts.bins.length;
    const x = m.left + i * bw;
    parts.push(el('rect', { x: x + 1, y: y(n), width: bw - 2, height: Math.max(0, y(0) - y(n)), fill: colourOf(2) }, tip(`confidence ${lo.toFixed(1)}–${hi.toFixed(1)}: ${n}`)));
  });
  for (const t of [0, 0.5, 1]) parts.push(text(m.left + t * (width - m.left - m.right), height - 6, t.toFixed(1), { class: 'tick', 'text-anchor': 'middle' }));
  return svgDoc(width, height, opts.title, parts.join(''));
}
