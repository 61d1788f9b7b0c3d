import { colourOf, el, short, svgDoc, text, tip } from './common.js';

const CELL = 22;

/**
 * Confusion matrix as a heatmap: rows gold, columns predicted, cell shade = share of the gold row (so rare classes
 * are as visible as common ones), count printed in the cell. The diagonal is outlined.
 */
export function confusionSvg(opts: { title: string; labels: readonly string[]; matrix: readonly (readonly number[])[] }): string {
  const k = opts.labels.length;
  const labelW = Math.min(170, 12 + Math.max(4, ...opts.labels.map((l) => Math.min(l.length, 24))) * 6.2);
  const left = labelW;
  const top = labelW + 34;
  // Column labels lean right (rotated -60°): leave room for the last one.
  const width = left + k * CELL + 12 + labelW * 0.5;
  const height = top + k * CELL + 12;
  const parts: string[] = [text(4, 13, opts.title, { class: 'ct' })];
  parts.push(text(left + (k * CELL) / 2, 28, 'predicted →', { class: 'axis', 'text-anchor': 'middle' }));
  opts.labels.forEach((l, j) => {
    const cx = left + j * CELL + CELL / 2 + 4;
    parts.push(text(cx, top - 6, short(l, 24), { class: 'lbl', transform: `rotate(-60 ${cx} ${top - 6})` }));
  });
  opts.labels.forEach((l, i) => {
    const row = opts.matrix[i] ?? [];
    const total = row.reduce((s, v) => s + v, 0);
    const y = top + i * CELL;
    parts.push(text(left - 6, y + 15, short(l, 24), { class: 'lbl', 'text-anchor': 'end' }));
    row.forEach((v, j) => {
      const share = total > 0 ? v / total : 0;
      const x = left + j * CELL;
      const cls = i === j ? 'cell diag' : 'cell';
      const fill = v === 0 ? '#f6f6f6' : colourOf(0);
      const label = `gold ${l}, predicted ${opts.labels[j] ?? ''}: ${v} of ${total}`;
      parts.push(el('rect', { x, y, width: CELL - 1, height: CELL - 1, fill, 'fill-opacity': v === 0 ? 1 : 0.12 + 0.88 * share, class: cls }, tip(label)));
      if (v > 0) parts.push(text(x + CELL / 2, y + 15, String(v), { class: share > 0.55 ? 'num inv' : 'num', 'text-anchor': 'middle' }));
    });
  });
  return svgDoc(width, height, opts.title, parts.join(''));
}
