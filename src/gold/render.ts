import Table from 'cli-table3';
import type { GoldIaa } from './iaa.js';
import type { GoldStats } from './composition.js';

const PLAIN = { head: [] as string[], border: [] as string[] };

function table(head: string[], rows: Array<Array<string | number>>): string {
  const t = new Table({ head, style: PLAIN });
  for (const r of rows) t.push(r);
  return t.toString();
}

/** Human-readable gold stats: composition, per-dimension coverage and the under-covered tags. */
export function renderStats(s: GoldStats): string {
  const kinds = ['single-turn', 'multi-turn', 'agentic'] as const;
  const out: string[] = [`${s.samples} samples`, '', 'Composition (kind from preprocessing signals):'];
  out.push(
    table(
      ['kind', 'written', 'public', 'total'],
      [
        ...kinds.map((k) => [k, s.composition.kindByOrigin.written[k], s.composition.kindByOrigin.public[k], s.composition.kind[k]]),
        ['total', sum(s.composition.kindByOrigin.written), sum(s.composition.kindByOrigin.public), s.samples],
      ],
    ),
  );
  for (const [title, rec] of [
    ['intent', s.composition.intent],
    ['language', s.composition.language],
    ['domain', s.composition.domain],
    ['difficulty', s.composition.difficulty],
    ['input format', s.composition.format],
    ['script of user turns', s.composition.script],
  ] as const) {
    out.push('', `${title}: ${Object.entries(rec).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  out.push('', `Coverage per dimension (under-covered: fewer than ${s.minExamples} gold examples):`);
  out.push(table(['dimension', 'tags', 'used', `<${s.minExamples}`], s.dimensions.map((d) => [d.dimension, d.tags, d.used, d.under])));
  out.push('', `${s.underCovered.length} of ${s.coverage.length} tags have fewer than ${s.minExamples} gold examples:`);
  const byDim = new Map<string, string[]>();
  for (const c of s.underCovered) byDim.set(c.dimension, [...(byDim.get(c.dimension) ?? []), `${c.tag} (${c.count})`]);
  for (const [dim, tags] of byDim) out.push(`  ${dim}: ${tags.join(', ')}`);
  return out.join('\n');
}

function sum(r: Record<string, number>): number {
  return Object.values(r).reduce((a, b) => a + b, 0);
}

/** Per-dimension agreement of two passes: headline metric, value, raw agreement and adjudication counts. */
export function renderIaa(r: GoldIaa): string {
  const rows = r.dimensions.map((d) => [
    d.dimension,
    d.metric,
    d.value === null ? `n/a (${d.note ?? 'undefined'})` : d.value.toFixed(3),
    `${d.agreed}/${d.n}`,
    d.adjudicated,
  ]);
  return [`Inter-annotator agreement, ${r.a} vs ${r.b}:`, table(['dimension', 'metric', 'value', 'identical', 'adjudicated'], rows)].join('\n');
}
