import { fmt } from '../escape.js';
import { colourOf, el, linear, short, svgDoc, text, tip } from './common.js';

export interface TagSeries {
  config: string;
  index: number;
  /** tag -> F1 (tags missing here were neither in gold nor predicted by this configuration). */
  f1: Record<string, number>;
}

/** Most tags drawn per chart; the rest are counted in the title. */
export const MAX_TAGS = 25;

/**
 * Per-tag F1 of a multi-label dimension, grouped by tag, one bar per configuration. Tags in order of gold support
 * (most frequent first), so the chart shows first where most of the score comes from.
 */
export function tagF1Svg(opts: { dimension: string; tags: ReadonlyArray<{ tag: string; support: number }>; series: readonly TagSeries[] }): string {
  const tags = opts.tags.slice(0, MAX_TAGS);
  const bar = 7;
  const group = Math.max(1, opts.series.length) * bar + 8;
  const left = 190;
  const width = 520;
  const top = 30;
  const x = linear(0, 1, left, width - 50);
  const height = top + tags.length * group + 24;
  const more = opts.tags.length > tags.length ? ` (top ${tags.length} of ${opts.tags.length} tags by support)` : '';
  const parts: string[] = [text(4, 13, `${opts.dimension} — per-tag F1${more}`, { class: 'ct' })];
  for (const t of [0, 0.5, 1]) {
    parts.push(el('line', { x1: x(t), x2: x(t), y1: top - 4, y2: height - 20, class: 'grid' }));
    parts.push(text(x(t), height - 6, fmt(t, 1), { class: 'tick', 'text-anchor': 'middle' }));
  }
  tags.forEach(({ tag, support }, i) => {
    const y = top + i * group;
    parts.push(text(left - 6, y + group / 2 + 3, `${short(tag, 24)} (${support})`, { class: 'lbl', 'text-anchor': 'end' }));
    opts.series.forEach((s, j) => {
      const f = s.f1[tag];
      if (f === undefined) return;
      const label = `${s.config}: ${tag} F1 ${fmt(f)} (gold support ${support})`;
      parts.push(el('rect', { x: x(0), y: y + 4 + j * bar, width: Math.max(1, x(f) - x(0)), height: bar - 1, fill: colourOf(s.index) }, tip(label)));
    });
  });
  return svgDoc(width, height, `${opts.dimension}: per-tag F1 per configuration`, parts.join(''));
}
