import { fmt, fmtUsd } from '../escape.js';
import { colourOf, el, linear, short, svgDoc, text, tip } from './common.js';

export interface ScatterPoint {
  config: string;
  /** Cost per sample in USD. */
  cost: number;
  /** Overall score (macro mean of headlines). */
  quality: number;
  index: number;
}

/**
 * The Pareto front of cost (lower is better) against quality (higher is better): the points no other point beats
 * on both. Ties on both coordinates all stay on the front. Returned in increasing cost.
 */
export function paretoFront<T extends { cost: number; quality: number }>(points: readonly T[]): T[] {
  const front = points.filter(
    (p) => !points.some((q) => q.cost <= p.cost && q.quality >= p.quality && (q.cost < p.cost || q.quality > p.quality)),
  );
  return [...front].sort((a, b) => a.cost - b.cost || b.quality - a.quality);
}

const W = 560;
const H = 320;
const M = { left: 60, right: 150, top: 30, bottom: 44 };

/** Cost per sample vs overall score, one dot per configuration, the Pareto front as a step line. */
export function costQualitySvg(points: readonly ScatterPoint[]): string {
  const maxCost = Math.max(...points.map((p) => p.cost), 0);
  const qs = points.map((p) => p.quality);
  // Quality axis from just below the worst point to 1: agreement scores cluster, and a 0..1 axis would flatten them.
  const qLo = Math.max(-1, Math.min(0.9, Math.floor((Math.min(...qs) - 0.05) * 10) / 10));
  const x = linear(0, maxCost > 0 ? maxCost * 1.1 : 1, M.left, W - M.right);
  const y = linear(qLo, 1, H - M.bottom, M.top);
  const parts: string[] = [text(4, 14, 'cost per sample vs overall score', { class: 'ct' })];
  for (const t of [qLo, (qLo + 1) / 2, 1]) {
    parts.push(el('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: 'grid' }));
    parts.push(text(M.left - 6, y(t) + 4, fmt(t, 2), { class: 'tick', 'text-anchor': 'end' }));
  }
  const xTicks = maxCost > 0 ? [0, maxCost / 2, maxCost] : [0];
  for (const t of xTicks) parts.push(text(x(t), H - M.bottom + 16, fmtUsd(t), { class: 'tick', 'text-anchor': 'middle' }));
  parts.push(text((M.left + W - M.right) / 2, H - 8, 'cost per sample (USD)', { class: 'axis', 'text-anchor': 'middle' }));
  parts.push(text(12, (M.top + H - M.bottom) / 2, 'overall', { class: 'axis', transform: `rotate(-90 12 ${(M.top + H - M.bottom) / 2})`, 'text-anchor': 'middle' }));
  const front = paretoFront(points);
  if (front.length > 1) {
    let d = `M${x(front[0]!.cost)} ${y(front[0]!.quality)}`;
    for (const p of front.slice(1)) d += `H${x(p.cost)}V${y(p.quality)}`;
    parts.push(el('path', { d, class: 'front' }));
  }
  const onFront = new Set(front.map((p) => p.config));
  points.forEach((p) => {
    const label = `${p.config}: ${fmtUsd(p.cost)} per sample, overall ${fmt(p.quality)}${onFront.has(p.config) ? ' (Pareto front)' : ''}`;
    parts.push(el('circle', { cx: x(p.cost), cy: y(p.quality), r: onFront.has(p.config) ? 6 : 4.5, fill: colourOf(p.index), class: onFront.has(p.config) ? 'dot on-front' : 'dot' }, tip(label)));
    parts.push(text(x(p.cost) + 8, y(p.quality) + 4, short(p.config, 22), { class: 'lbl' }));
  });
  return svgDoc(W, H, 'cost per sample vs overall score with the Pareto front', parts.join(''));
}
