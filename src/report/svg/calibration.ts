import type { CoveragePoint, ReliabilityBin } from '../../calibration/index.js';
import { fmt, fmtPct } from '../escape.js';
import { colourOf, el, linear, short, svgDoc, text, tip } from './common.js';

export interface ReliabilitySeries {
  config: string;
  /** Position in the report's configuration list, for a stable colour. */
  index: number;
  bins: readonly ReliabilityBin[];
}

export interface CoverageSeries {
  config: string;
  index: number;
  points: readonly CoveragePoint[];
}

const W = 340;
const H = 300;
const M = { left: 44, right: 12, top: 30, bottom: 40 };
const LEGEND_ROW = 14;

function frame(title: string, xLabel: string, yLabel: string, series: ReadonlyArray<{ config: string; index: number }>) {
  const height = H + series.length * LEGEND_ROW;
  const x = linear(0, 1, M.left, W - M.right);
  const y = linear(0, 1, H - M.bottom, M.top);
  const parts: string[] = [text(4, 14, title, { class: 'ct' })];
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(el('line', { x1: x(t), x2: x(t), y1: y(0), y2: y(1), class: 'grid' }));
    parts.push(el('line', { x1: x(0), x2: x(1), y1: y(t), y2: y(t), class: 'grid' }));
    parts.push(text(x(t), H - M.bottom + 14, fmt(t, 2), { class: 'tick', 'text-anchor': 'middle' }));
    parts.push(text(M.left - 4, y(t) + 3, fmt(t, 2), { class: 'tick', 'text-anchor': 'end' }));
  }
  parts.push(text((M.left + W - M.right) / 2, H - M.bottom + 28, xLabel, { class: 'axis', 'text-anchor': 'middle' }));
  const yMid = (M.top + H - M.bottom) / 2;
  parts.push(text(10, yMid, yLabel, { class: 'axis', transform: `rotate(-90 10 ${yMid})`, 'text-anchor': 'middle' }));
  series.forEach((s, i) => {
    const ly = H + i * LEGEND_ROW;
    parts.push(el('rect', { x: M.left, y: ly - 8, width: 10, height: 8, fill: colourOf(s.index) }));
    parts.push(text(M.left + 14, ly, short(s.config, 40), { class: 'lbl' }));
  });
  return { x, y, parts, height };
}

/**
 * Reliability diagram of one dimension: per configuration, the equal-mass bins as points (x = mean confidence,
 * y = share agreeing with gold, area ~ points in the bin) joined by a line; the diagonal is perfect calibration.
 * Points below it are overconfident.
 */
export function reliabilitySvg(opts: { dimension: string; series: readonly ReliabilitySeries[] }): string {
  const title = `${opts.dimension}: reliability (confidence vs agreement)`;
  const { x, y, parts, height } = frame(title, 'stated confidence (bin mean)', 'agrees with gold', opts.series);
  parts.push(el('line', { x1: x(0), y1: y(0), x2: x(1), y2: y(1), class: 'ideal' }, tip('perfect calibration')));
  for (const s of opts.series) {
    if (!s.bins.length) continue;
    const total = s.bins.reduce((a, b) => a + b.n, 0);
    const colour = colourOf(s.index);
    parts.push(el('path', { d: s.bins.map((b, i) => `${i ? 'L' : 'M'}${x(b.confidence)} ${y(b.accuracy)}`).join(''), stroke: colour, class: 'series' }));
    for (const b of s.bins) {
      const label = `${s.config}: confidence ${fmt(b.lo, 2)}–${fmt(b.hi, 2)} (mean ${fmt(b.confidence)}), ${b.n} labels, ${fmtPct(b.accuracy)} agree with gold`;
      parts.push(el('circle', { cx: x(b.confidence), cy: y(b.accuracy), r: 2 + 5 * Math.sqrt(b.n / total), fill: colour, class: 'dot' }, tip(label)));
    }
  }
  return svgDoc(W, height, title, parts.join(''));
}

/**
 * Accuracy-coverage curve of one dimension: per configuration, keeping only the labels at or above a confidence
 * threshold, the share kept (x) against their agreement with gold (y). An informative confidence rises to the left.
 */
export function coverageSvg(opts: { dimension: string; series: readonly CoverageSeries[] }): string {
  const title = `${opts.dimension}: accuracy vs coverage`;
  const { x, y, parts, height } = frame(title, 'share of labels kept (confidence ≥ threshold)', 'agreement of kept', opts.series);
  for (const s of opts.series) {
    if (!s.points.length) continue;
    const colour = colourOf(s.index);
    parts.push(el('path', { d: s.points.map((p, i) => `${i ? 'L' : 'M'}${x(p.coverage)} ${y(p.accuracy)}`).join(''), stroke: colour, class: 'series' }));
    for (const p of s.points) {
      const label = `${s.config}: confidence ≥ ${fmt(p.threshold)} keeps ${p.kept} (${fmtPct(p.coverage)}), ${fmtPct(p.accuracy)} agree with gold`;
      parts.push(el('circle', { cx: x(p.coverage), cy: y(p.accuracy), r: 2.5, fill: colour, class: 'dot' }, tip(label)));
    }
  }
  return svgDoc(W, height, title, parts.join(''));
}
