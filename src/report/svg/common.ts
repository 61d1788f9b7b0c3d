import { escapeHtml } from '../escape.js';

/**
 * Tiny SVG building blocks. Every string from data goes through escapeHtml here, so chart code can pass raw
 * labels. Numbers are rounded to keep the HTML small and stable.
 */

/** Colour per configuration (Okabe-Ito, readable by colour-blind readers), cycled. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

export const colourOf = (i: number): string => PALETTE[i % PALETTE.length]!;

export const r1 = (v: number): string => String(Math.round(v * 10) / 10);

type Attrs = Record<string, string | number | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? r1(v) : escapeHtml(v)}"`)
    .join('');
}

export function el(name: string, a: Attrs, children = ''): string {
  return children ? `<${name}${attrs(a)}>${children}</${name}>` : `<${name}${attrs(a)}/>`;
}

/** A text node; `label` is escaped. */
export function text(x: number, y: number, label: string, a: Attrs = {}): string {
  return `<text${attrs({ x, y, ...a })}>${escapeHtml(label)}</text>`;
}

/** A tooltip (SVG <title>) for the enclosing element. */
export function tip(label: string): string {
  return `<title>${escapeHtml(label)}</title>`;
}

/** The outer element: scalable, with an accessible name. */
export function svgDoc(width: number, height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${r1(width)} ${r1(height)}"` +
    ` width="${r1(width)}" height="${r1(height)}" aria-label="${escapeHtml(title)}">${tip(title)}${body}</svg>`
  );
}

/** Linear map of [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle. */
export function linear(d0: number, d1: number, rr0: number, rr1: number): (v: number) => number {
  if (d1 === d0) return () => (rr0 + rr1) / 2;
  return (v) => rr0 + ((v - d0) / (d1 - d0)) * (rr1 - rr0);
}

/** Cut a label to `n` characters for axis space (the full text stays in the tooltip). */
export function short(label: string, n: number): string {
  return label.length <= n ? label : `${label.slice(0, n - 1)}…`;
}
