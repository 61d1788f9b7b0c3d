import type { GateSettings } from '../runner/index.js';
import type { Labels, Taxonomy } from '../taxonomy/index.js';
import { baselineLabels, type BaselineFile } from './baseline.js';
import { pairedMetrics, type PairedMetric } from './paired.js';

/**
 * - pass: no drop beyond the gate (or a drop within noise);
 * - fail: a drop greater than max_drop and, when require_significant, a CI of the difference entirely below 0;
 * - skipped: the dimension's gate says `skip: true`;
 * - undefined: the metric is undefined on either side (e.g. kappa with one category only): not gated, reported;
 * - new: the configuration is not in the baseline: reported, never failed.
 */
export type GateStatus = 'pass' | 'fail' | 'skipped' | 'undefined' | 'new';

/** One gated (configuration, dimension): the paired comparison (diff = current - baseline, negative = worse) and its verdict. */
export interface GateCheck extends PairedMetric {
  config: string;
  dimension: string;
  status: GateStatus;
  max_drop: number;
  require_significant: boolean;
  /** One line saying why, e.g. `kappa 0.812 -> 0.640 (-0.172, 95% CI [-0.30, -0.05])`. */
  message: string;
}

/** The current run of one configuration. */
export interface CurrentConfig {
  promptHash: string | null;
  /** Labels of sample_index 0 by gold id. */
  labels: ReadonlyMap<string, Labels | null>;
}

export interface GateReport {
  version: 1;
  experiment: string;
  passed: boolean;
  confidence: number;
  checks: GateCheck[];
  /** Configurations run now but absent from the baseline (reported, not gated). */
  new_configs: string[];
  /** Baseline configurations no longer in the experiment. */
  removed_configs: string[];
  /** What differs from the baseline's versions (prompt hashes, taxonomy, gold). */
  notes: string[];
}

export interface EvaluateGatesOptions {
  experiment: string;
  gates: GateSettings;
  taxonomy: Taxonomy;
  gold: ReadonlyMap<string, Labels>;
  /** Gold version and labels hash of the current run, to note a change. */
  goldVersion?: { version: string; labels_sha256: string };
  current: ReadonlyMap<string, CurrentConfig>;
  baseline: BaselineFile;
}

/**
 * Compare every configuration x dimension of the current run with the baseline under the experiment's gates. Pure.
 * A drop fails only when it is larger than max_drop *and* (by default) the paired bootstrap CI of the difference
 * excludes 0 — on 12 samples one flipped label moves kappa by more than 0.02, so the point difference alone is noise.
 */
export function evaluateGates(options: EvaluateGatesOptions): GateReport {
  const { gates, baseline, taxonomy } = options;
  const dims = taxonomy.dimensions.map((d) => d.id);
  const ruleOf = (dim: string) => ({
    metric: gates.dimensions[dim]?.metric ?? gates.metric,
    max_drop: gates.dimensions[dim]?.max_drop ?? gates.max_drop,
    require_significant: gates.dimensions[dim]?.require_significant ?? gates.require_significant,
    skip: gates.dimensions[dim]?.skip ?? false,
  });
  const checks: GateCheck[] = [];
  const newConfigs: string[] = [];
  for (const [name, cur] of options.current) {
    const base = baseline.configs[name];
    if (!base) {
      newConfigs.push(name);
      for (const dim of dims) {
        const r = ruleOf(dim);
        checks.push({ config: name, dimension: dim, metric: r.metric, status: 'new', baseline: null, current: null, diff: null, ci: null, p_value: null, n: 0, max_drop: r.max_drop, require_significant: r.require_significant, message: 'new configuration: not in the baseline, not gated' });
      }
      continue;
    }
    const gated = dims.filter((d) => !ruleOf(d).skip);
    const paired = pairedMetrics({
      gold: options.gold, baseline: baselineLabels(base), current: cur.labels, taxonomy, dims: gated,
      metricOf: (d) => ruleOf(d).metric, resamples: gates.resamples, confidence: gates.confidence,
    });
    for (const dim of dims) {
      const r = ruleOf(dim);
      const p = paired[dim];
      if (!p) {
        checks.push({ config: name, dimension: dim, metric: r.metric, status: 'skipped', baseline: null, current: null, diff: null, ci: null, p_value: null, n: 0, max_drop: r.max_drop, require_significant: r.require_significant, message: 'skipped by gates.dimensions' });
        continue;
      }
      const status = decide(p.diff, p.ci, r.max_drop, r.require_significant);
      checks.push({ config: name, dimension: dim, ...p, status, max_drop: r.max_drop, require_significant: r.require_significant, message: describe(p, status, r, gates.confidence) });
    }
  }
  return {
    version: 1,
    experiment: options.experiment,
    passed: !checks.some((c) => c.status === 'fail'),
    confidence: gates.confidence,
    checks,
    new_configs: newConfigs,
    removed_configs: Object.keys(baseline.configs).filter((n) => !options.current.has(n)).sort(),
    notes: versionNotes(options),
  };
}

/** The decision for one dimension; exported for tests of the boundary cases. */
export function decide(diff: number | null, ci: [number, number] | null, maxDrop: number, requireSignificant: boolean): GateStatus {
  if (diff === null) return 'undefined';
  // A tolerance so that a drop of exactly max_drop (computed in floating point) does not fail.
  if (-diff <= maxDrop + 1e-12) return 'pass';
  if (!requireSignificant) return 'fail';
  return ci !== null && ci[1] < 0 ? 'fail' : 'pass';
}

function describe(p: { metric: string; baseline: number | null; current: number | null; diff: number | null; ci: [number, number] | null }, status: GateStatus, r: { max_drop: number; require_significant: boolean }, confidence: number): string {
  const f = (x: number | null) => (x === null ? 'undefined' : x.toFixed(3));
  const sign = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
  const ci = p.ci ? `, ${Math.round(confidence * 100)}% CI [${sign(p.ci[0])}, ${sign(p.ci[1])}]` : '';
  const base = `${p.metric} ${f(p.baseline)} -> ${f(p.current)}${p.diff === null ? '' : ` (${sign(p.diff)}${ci})`}`;
  if (status === 'undefined') return `${base}: undefined, not gated`;
  if (status === 'fail') return `${base}: dropped by more than ${r.max_drop}${r.require_significant ? ' and the CI excludes 0' : ''}`;
  if (p.diff !== null && -p.diff > r.max_drop) return `${base}: drop within noise (CI ${p.ci ? 'includes 0' : 'undefined'})`;
  return base;
}

function versionNotes(options: EvaluateGatesOptions): string[] {
  const notes: string[] = [];
  const { baseline } = options;
  if (baseline.taxonomy_version !== options.taxonomy.version) notes.push(`taxonomy ${baseline.taxonomy_version} in the baseline, ${options.taxonomy.version} now`);
  if (options.goldVersion && options.goldVersion.labels_sha256 !== baseline.gold.labels_sha256) {
    notes.push(`gold labels changed (${baseline.gold.version} -> ${options.goldVersion.version}): the baseline's stored labels are re-scored against the current gold`);
  }
  for (const [name, cur] of options.current) {
    const base = baseline.configs[name];
    if (base && base.prompt && base.prompt_hash !== cur.promptHash) notes.push(`${name}: prompt ${base.prompt} changed (${base.prompt_hash ?? '?'} -> ${cur.promptHash ?? '?'})`);
  }
  return notes;
}
