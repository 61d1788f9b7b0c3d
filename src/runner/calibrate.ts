import { callDimensionsOf, goldItems, proposeThresholds, type Answer, type ThresholdProposal } from '../cascade/index.js';
import { UsageError } from '../errors/index.js';
import { loadTaxonomy, type Taxonomy } from '../taxonomy/index.js';
import { didYouMeanSuffix } from '../util/didyoumean.js';
import { readRunFolder, type ReadRunOptions } from './read-run.js';
import type { RunLine } from './results.js';

export interface CalibrateOptions extends ReadRunOptions {
  /** A configuration or cascade of the run; default every cascade, else every configuration that makes calls. */
  config?: string;
  /** Agreement to reach per dimension (see ProposeOptions.target); default the second model's, or 0.9. */
  target?: number;
  taxonomy?: Taxonomy;
}

export interface CalibrationEntry {
  config: string;
  /** For a cascade: its two configurations. */
  first: string;
  then: string | null;
  proposal: ThresholdProposal;
}

/**
 * `sft-label calibrate RUN_DIR`: per-dimension thresholds for a run's configurations, chosen on its gold set by
 * cross-fitting (src/cascade). For a cascade, escalation thresholds from its two configurations' answers; for one
 * configuration, arbitration thresholds for its kept labels. Reads only the run folder and the gold set.
 */
export function calibrateRun(runDir: string, options: CalibrateOptions = {}): CalibrationEntry[] {
  const results = readRunFolder(runDir, options);
  const taxonomy = options.taxonomy ?? loadTaxonomy();
  const dims = callDimensionsOf(taxonomy);
  const configs = results.metrics.configs;
  const names = Object.keys(configs);
  if (options.config !== undefined && !configs[options.config])
    throw new UsageError(`--config ${options.config}: not a configuration of ${runDir}${didYouMeanSuffix(options.config, names) || ` (known: ${names.join(', ')})`}`);
  const cascades = names.filter((n) => configs[n]!.cascade);
  const makesCalls = (n: string): boolean => (results.lines.get(n) ?? []).some((l) => l.labeling_monitor.calls.length > 0);
  const chosen = options.config !== undefined ? [options.config] : cascades.length ? cascades : names.filter(makesCalls);
  const answers = (name: string): Map<string, Answer> =>
    new Map((results.lines.get(name) ?? []).filter((l: RunLine) => l.sample_index === 0).map((l) => [l.id, { labels: l.labels, confidence: l.confidence }] as const));
  return chosen.map((config) => {
    const cascade = configs[config]!.cascade;
    const first = cascade ? cascade.first : config;
    const then = cascade ? cascade.then : null;
    const items = goldItems({ gold: results.goldLabels, first: answers(first), ...(then ? { then: answers(then) } : {}), taxonomy });
    const { proposal } = proposeThresholds(items, { dimensions: dims, ...(options.target !== undefined ? { target: options.target } : {}) });
    return { config, first, then, proposal };
  });
}

/** The proposals as text: a table per configuration, the verdict, and the lines to put in an experiment or lock. */
export function renderCalibration(entries: readonly CalibrationEntry[]): string {
  const f = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
  const ci = (c: [number, number] | null): string => (c ? `[${c[0].toFixed(3)}, ${c[1].toFixed(3)}]` : '');
  const out: string[] = [];
  for (const e of entries) {
    const p = e.proposal;
    out.push(`${e.config}${e.then ? ` (${e.first} -> ${e.then})` : ''}: ${p.n} gold samples, ${p.folds}-fold cross-fitting, target ${p.target ?? (p.mode === 'cascade' ? 'the second model' : '0.9')}`);
    const rows = [['dimension', 'threshold', 'first', ...(p.mode === 'cascade' ? ['second'] : []), p.mode === 'cascade' ? 'cascade' : 'kept', 'escalated', 'lift', 'verdict']];
    for (const [dim, d] of Object.entries(p.dimensions)) {
      rows.push([
        dim,
        f(d.threshold),
        f(d.first_agreement),
        ...(p.mode === 'cascade' ? [f(d.then_agreement)] : []),
        `${f(d.agreement.value)} ${ci(d.agreement.ci95)}`,
        `${f(d.escalation.value)} ${ci(d.escalation.ci95)}`,
        `${f(d.lift.value)} ${ci(d.lift.ci95)}`,
        d.verdict,
      ]);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) out.push(`  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd());
    out.push(`  calls ${p.mode === 'cascade' ? 'escalated' : 're-asked'}: ${f(p.escalation.value)} ${ci(p.escalation.ci95)}; agreement ${f(p.agreement.value)} ${ci(p.agreement.ci95)}`);
    out.push(`  ${p.verdict}`);
    if (p.thresholds) {
      const th = Object.entries(p.thresholds).map(([k, v]) => `${k}: ${v}`).join(', ');
      out.push(`  proposed: options.confidence_threshold: { ${th} }`);
    } else out.push('  proposed: nothing (no saving)');
    out.push('');
  }
  return out.join('\n');
}
