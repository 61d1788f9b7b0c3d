import { fmt, fmtCi } from '../escape.js';
import type { CeilingValue } from '../model.js';
import { colourOf, el, linear, short, svgDoc, text, tip } from './common.js';

export interface MetricBar {
  config: string;
  value: number | null;
  ci: readonly [number, number] | null;
  /** Position in the report's configuration list, for a stable colour. */
  index: number;
}

const ROW = 22;
const LEFT = 170;
const WIDTH = 460;
const TOP = 36;

/**
 * Horizontal bars of one dimension's headline metric per configuration, with 95% CI whiskers and, when the gold
 * set has independent annotations, the inter-annotator ceiling as a dashed vertical line. Axis from min(0, lowest
 * CI bound) to 1: agreement metrics can be negative.
 */
export function metricBarsSvg(opts: { dimension: string; metric: string; bars: MetricBar[]; ceiling?: CeilingValue | null }): string {
  const lows = opts.bars.flatMap((b) => [b.value ?? 0, b.ci?.[0] ?? 0]);
  const lo = Math.min(0, Math.floor(Math.min(...lows, 0) * 10) / 10);
  const x = linear(lo, 1, LEFT, WIDTH - 50);
  const height = TOP + opts.bars.length * ROW + 24;
  const parts: string[] = [text(4, 13, `${opts.dimension} — ${opts.metric}`, { class: 'ct' })];
  for (const t of [lo, (lo + 1) / 2, 1]) {
    parts.push(el('line', { x1: x(t), x2: x(t), y1: TOP - 4, y2: height - 20, class: 'grid' }));
    parts.push(text(x(t), height - 6, fmt(t, 2), { class: 'tick', 'text-anchor': 'middle' }));
  }
  opts.bars.forEach((b, i) => {
    const y = TOP + i * ROW;
    parts.push(text(LEFT - 6, y + 14, short(b.config, 22), { class: 'lbl', 'text-anchor': 'end' }));
    const label = `${b.config}: ${opts.metric} ${fmt(b.value)} ${fmtCi(b.ci)}`;
    if (b.value === null) {
      parts.push(text(x(0) + 4, y + 14, 'undefined', { class: 'na' }));
      return;
    }
    const x0 = x(Math.min(0, b.value));
    const w = Math.max(1, Math.abs(x(b.value) - x(0)));
    parts.push(el('rect', { x: x0, y: y + 3, width: w, height: ROW - 8, fill: colourOf(b.index), class: 'bar' }, tip(label)));
    if (b.ci) {
      const [c0, c1] = [x(b.ci[0]), x(b.ci[1])];
      const yc = y + ROW / 2 - 1;
      parts.push(el('path', { d: `M${c0} ${yc}H${c1}M${c0} ${yc - 5}V${yc + 5}M${c1} ${yc - 5}V${yc + 5}`, class: 'whisker' }));
    }
    parts.push(text(WIDTH - 46, y + 14, fmt(b.value), { class: 'val' }));
  });
  const c = opts.ceiling;
  if (c && c.value !== null) {
    const cx = x(Math.max(lo, Math.min(1, c.value)));
    parts.push(
      el('line', { x1: cx, x2: cx, y1: TOP - 14, y2: height - 20, class: 'ceiling' }, tip(`inter-annotator ${c.metric} ${fmt(c.value)} (${c.annotators.join(', ')})`)),
    );
    parts.push(text(cx, TOP - 16, `human ${fmt(c.value, 2)}`, { class: 'ceil-lbl', 'text-anchor': 'middle' }));
  }
  return svgDoc(WIDTH, height, `${opts.dimension}: ${opts.metric} per configuration with 95% CI`, parts.join(''));
}
