import { detectableDrops } from '../score/index.js';
import type { GateSettings } from '../runner/index.js';
import type { Labels, Taxonomy } from '../taxonomy/index.js';
import { baselineLabels, type BaselineFile } from './baseline.js';
import type { CurrentConfig } from './evaluate.js';

/**
 * What the gate can detect: per configuration x dimension, the minimum drop of the headline metric that the paired
 * test flags with 80% power on this gold set (score/detectable.ts), and whether the dimension's max_drop is below it
 * (an underpowered gate: it cannot fail on the drop it promises to catch). Kept apart from evaluate.ts: it informs
 * the verdict, it does not change a check's status.
 */
export interface PowerCheck {
  config: string;
  dimension: string;
  metric: string;
  n: number;
  max_drop: number;
  /** Minimum detectable drop of the headline at 80% power; null = no drop is detectable with these items. */
  detectable_drop: number | null;
  /** Share of items whose exactness differs between baseline and current (background of the paired test). */
  discordance: number;
  /** max_drop < detectable_drop (or nothing is detectable), on a gated dimension that requires significance. */
  underpowered: boolean;
  /** Gold samples with which max_drop would be detectable at 80% power; null when out of reach. */
  samples_needed: number | null;
  note?: string;
}

export interface GatePower {
  power: number;
  confidence: number;
  /** `gates.underpowered`: warn (default) or fail. */
  mode: 'warn' | 'fail';
  checks: PowerCheck[];
}

export interface GatePowerOptions {
  gates: GateSettings;
  taxonomy: Taxonomy;
  gold: ReadonlyMap<string, Labels>;
  current: ReadonlyMap<string, CurrentConfig>;
  baseline: BaselineFile;
}

/** Power of every gated configuration x dimension. Pure. Reference labels: the baseline's (current for new configs). */
export function gatePower(o: GatePowerOptions): GatePower {
  const { gates } = o;
  const checks: PowerCheck[] = [];
  const rule = (dim: string) => ({
    metric: gates.dimensions[dim]?.metric ?? gates.metric,
    max_drop: gates.dimensions[dim]?.max_drop ?? gates.max_drop,
    require_significant: gates.dimensions[dim]?.require_significant ?? gates.require_significant,
    skip: gates.dimensions[dim]?.skip ?? false,
  });
  const dims = o.taxonomy.dimensions.map((d) => d.id).filter((d) => !rule(d).skip);
  for (const [name, cur] of o.current) {
    const base = o.baseline.configs[name];
    const reference = base ? baselineLabels(base) : cur.labels;
    const r = detectableDrops({
      gold: o.gold, reference, other: base ? cur.labels : undefined, taxonomy: o.taxonomy, dims,
      confidence: gates.confidence, targetDrop: (d) => rule(d).max_drop,
    });
    for (const dim of dims) {
      const d = r.dimensions[dim]!;
      const g = rule(dim);
      const notes = [d.note, g.metric !== 'primary' && g.metric !== d.headline_metric ? `computed for ${d.headline_metric}, the gate compares ${g.metric}` : undefined].filter(Boolean);
      const below = d.detectable_drop === null || g.max_drop < d.detectable_drop;
      checks.push({
        config: name, dimension: dim, metric: d.headline_metric, n: d.n, max_drop: g.max_drop, detectable_drop: d.detectable_drop,
        discordance: d.discordance, underpowered: g.require_significant && below, samples_needed: d.samples_needed ?? null,
        ...(notes.length ? { note: notes.join('; ') } : {}),
      });
    }
  }
  return { power: 0.8, confidence: gates.confidence, mode: gates.underpowered, checks };
}

/** One line per underpowered gate: `rules intent: max_drop 0.02 < detectable 0.41 (n=12); ~2,300 gold samples needed`. */
export function underpoweredLines(p: GatePower): string[] {
  return p.checks.filter((c) => c.underpowered).map((c) => `${c.config} ${c.dimension}: ${describePower(c)}`);
}

function describePower(c: PowerCheck): string {
  const det = c.detectable_drop === null ? `no drop is detectable${c.note ? `: ${c.note}` : ''}` : `detectable drop ${c.detectable_drop.toFixed(3)}`;
  const need = c.samples_needed === null ? 'more gold samples than we can estimate would be needed' : `~${c.samples_needed.toLocaleString('en-US')} gold samples needed to detect ${c.max_drop}`;
  return `max_drop ${c.max_drop} is below what ${c.n} gold samples can detect (${det}${c.detectable_drop === null ? '' : ` of ${c.metric} at 80% power`}); ${need}`;
}

/** Terminal text: the detectable drops per configuration, then one warning (or failure) line per underpowered gate. */
export function renderPowerText(p: GatePower): string {
  const lines: string[] = [];
  const configs = [...new Set(p.checks.map((c) => c.config))];
  lines.push(`detectable drops (80% power, paired ${Math.round(p.confidence * 100)}% CI, headline metric):`);
  for (const config of configs) {
    const mine = p.checks.filter((c) => c.config === config);
    lines.push(`  ${config} (n=${mine[0]?.n ?? 0}): ${mine.map((c) => `${c.dimension} ${c.detectable_drop === null ? '–' : c.detectable_drop.toFixed(2)}`).join(', ')}`);
  }
  const under = underpoweredLines(p);
  const tag = p.mode === 'fail' ? 'UNDERPOWERED' : 'warning: underpowered';
  for (const u of under) lines.push(`  ${tag}: ${u}`);
  if (under.length) lines.push(`  (${under.length} gate(s) cannot fail on the drop they promise to catch: grow the gold set — \`sft-label gold suggest\` — or raise max_drop; gates.underpowered: ${p.mode})`);
  return `${lines.join('\n')}\n`;
}

/** Markdown: a table of detectable drops per configuration x dimension with max_drop and samples needed. */
export function renderPowerMarkdown(p: GatePower): string {
  const out = ['### What this gold set can detect', ''];
  out.push(`Minimum drop of each headline the paired test flags with 80% power (paired bootstrap ${Math.round(p.confidence * 100)}% CI); a gate whose max_drop is below it cannot fail on the drop it promises to catch (gates.underpowered: ${p.mode}).`, '');
  out.push('| configuration | dimension | metric | n | detectable drop | max_drop | gold samples needed | |', '|---|---|---|---:|---:|---:|---:|---|');
  for (const c of p.checks) {
    out.push(`| \`${c.config}\` | ${c.dimension} | ${c.metric} | ${c.n} | ${c.detectable_drop === null ? '–' : c.detectable_drop.toFixed(3)} | ${c.max_drop} | ${c.samples_needed === null ? '–' : c.samples_needed} | ${c.underpowered ? '**underpowered**' : ''} |`);
  }
  return `${out.join('\n')}\n`;
}
