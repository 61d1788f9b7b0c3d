import type { GateSettings } from '../runner/index.js';
import type { Labels, Taxonomy } from '../taxonomy/index.js';
import { adjustPValues, fmtP, type Correction } from '../score/index.js';
import { agreementTest, type RepeatLabels } from './agreement.js';
import { baselineRepeats, type BaselineFile } from './baseline.js';
import { pairedMetrics, type PairedMetric } from './paired.js';

/**
 * - pass: no drop beyond the gate (or a drop the data does not support after multiplicity control);
 * - fail: a drop greater than max_drop and, when require_significant, an adjusted p-value below 1 - confidence;
 * - skipped: the dimension's gate says `skip: true`;
 * - undefined: the metric is undefined on either side (e.g. kappa with one category only): not gated, reported;
 * - new: the configuration is not in the baseline: reported, never failed.
 */
export type GateStatus = 'pass' | 'fail' | 'skipped' | 'undefined' | 'new';

/**
 * One gated (configuration, dimension): the metric's paired comparison (diff = current - reference, negative =
 * worse; its bootstrap CI for reading) and the verdict, decided by the paired per-sample agreement test.
 */
export interface GateCheck extends PairedMetric {
  config: string;
  /** What the configuration is compared with: `baseline` (the pinned file) or a configuration of this run (gates.candidates). */
  against: string;
  dimension: string;
  status: GateStatus;
  max_drop: number;
  require_significant: boolean;
  /** The paired per-sample agreement test (src/gate/agreement.ts); null when not tested. `p_value` is its raw p-value. */
  agreement: { reference: number; current: number; diff: number; n: number; repeats: number } | null;
  /** p_value adjusted over every tested check of the run by the run's correction (null when not tested). */
  p_adjusted: number | null;
  /** One line saying why, e.g. `kappa 0.812 -> 0.640 (-0.172, 95% CI [-0.30, -0.05]); agreement ... p = ...`. */
  message: string;
}

/** The current run of one configuration. */
export interface CurrentConfig {
  promptHash: string | null;
  /** Labels of sample_index 0 by gold id. */
  labels: ReadonlyMap<string, Labels | null>;
  /** Labels of the further repeats (sample_index 1, 2, ...) when the experiment has `repeats`. */
  repeatLabels?: ReadonlyArray<ReadonlyMap<string, Labels | null>>;
}

export interface GateReport {
  version: 1;
  experiment: string;
  passed: boolean;
  confidence: number;
  /** Multiple-comparison control applied over every tested check (gates.correction). */
  correction: Correction;
  /** Checks whose p-value took part in the correction. */
  family_size: number;
  checks: GateCheck[];
  /** Configurations run now but absent from the baseline (reported, not gated against it). */
  new_configs: string[];
  /** Baseline configurations no longer in the experiment. */
  removed_configs: string[];
  /** What differs from the baseline's versions (prompt hashes, taxonomy, gold). */
  notes: string[];
}

/** A candidate configuration gated against another configuration of the same run (gates.candidates, resolved). */
export interface ResolvedCandidate {
  config: string;
  /** The configuration name it is compared with. */
  against: string;
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
  /** gates.candidates with lock files resolved to configuration names; default none. */
  candidates?: readonly ResolvedCandidate[];
}

/**
 * Compare every configuration x dimension of the current run with the baseline, and every candidate with the
 * configuration it is gated against, under the experiment's gates. Pure.
 * A check fails only when its metric drops by more than max_drop *and* (by default) the paired per-sample agreement
 * test says the drop is real after multiple-comparison control over every check of the run: with 18 checks at 5%
 * each and no correction, an unchanged model fails somewhere most of the time.
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
  const blank = (config: string, against: string, dim: string, status: GateStatus, message: string): GateCheck => {
    const r = ruleOf(dim);
    return { config, against, dimension: dim, metric: r.metric, status, baseline: null, current: null, diff: null, ci: null, p_value: null, n: 0, max_drop: r.max_drop, require_significant: r.require_significant, agreement: null, p_adjusted: null, message };
  };
  const compare = (config: string, against: string, reference: RepeatLabels, current: RepeatLabels) => {
    const gated = dims.filter((d) => !ruleOf(d).skip);
    const pairedOf = (ds: readonly string[], resamples: number) => pairedMetrics({
      gold: options.gold, baseline: reference[0]!, current: current[0]!, taxonomy, dims: ds,
      metricOf: (d) => ruleOf(d).metric, resamples, confidence: gates.confidence,
    });
    // Point values for every dimension; the bootstrap CI (for reading, not for the decision) only where the drop
    // is past max_drop, the only checks whose message shows it: the bootstrap is the slow part.
    const paired = pairedOf(gated, 0);
    const wide = gated.filter((d) => paired[d]!.diff !== null && -paired[d]!.diff! > ruleOf(d).max_drop + 1e-12);
    if (wide.length) for (const [d, p] of Object.entries(pairedOf(wide, gates.resamples))) paired[d]!.ci = p.ci;
    for (const dim of dims) {
      const p = paired[dim];
      if (!p) {
        checks.push(blank(config, against, dim, 'skipped', 'skipped by gates.dimensions'));
        continue;
      }
      const t = agreementTest({ gold: options.gold, taxonomy, dim, reference, current });
      const r = ruleOf(dim);
      checks.push({
        config, against, dimension: dim, ...p, p_value: t?.p_value ?? null, p_adjusted: null,
        agreement: t ? { reference: t.reference, current: t.current, diff: t.diff, n: t.n, repeats: t.repeats } : null,
        status: 'pass', max_drop: r.max_drop, require_significant: r.require_significant, message: '',
      });
    }
  };
  const sideOf = (c: CurrentConfig): RepeatLabels => [c.labels, ...(c.repeatLabels ?? [])];
  for (const [name, cur] of options.current) {
    const base = baseline.configs[name];
    if (!base) {
      newConfigs.push(name);
      for (const dim of dims) checks.push(blank(name, 'baseline', dim, 'new', 'new configuration: not in the baseline, not gated against it'));
      continue;
    }
    compare(name, 'baseline', baselineRepeats(base), sideOf(cur));
  }
  for (const c of options.candidates ?? []) {
    const cur = options.current.get(c.config);
    const ref = options.current.get(c.against);
    if (!cur || !ref) continue; // resolveCandidates has named unknown configurations already
    compare(c.config, c.against, sideOf(ref), sideOf(cur));
  }
  // One family: every check that has a p-value, whatever its reference.
  const adjusted = adjustPValues(checks.map((c) => (c.status === 'pass' && c.diff !== null ? c.p_value : null)), gates.correction);
  const alpha = 1 - gates.confidence;
  checks.forEach((c, i) => {
    if (c.status !== 'pass') return;
    c.p_adjusted = adjusted[i] ?? null;
    c.status = decide(c.diff, c.p_adjusted, c.max_drop, c.require_significant, alpha);
    c.message = describe(c, gates);
  });
  return {
    version: 1,
    experiment: options.experiment,
    passed: !checks.some((c) => c.status === 'fail'),
    confidence: gates.confidence,
    correction: gates.correction,
    family_size: adjusted.filter((p) => p !== null).length,
    checks,
    new_configs: newConfigs,
    removed_configs: Object.keys(baseline.configs).filter((n) => !options.current.has(n)).sort(),
    notes: versionNotes(options),
  };
}

/**
 * The decision for one check; exported for tests of the boundary cases. `pAdjusted` is the paired agreement test's
 * p-value after the run's multiple-comparison correction; significant when below `alpha` (1 - gates.confidence).
 */
export function decide(diff: number | null, pAdjusted: number | null, maxDrop: number, requireSignificant: boolean, alpha = 0.05): GateStatus {
  if (diff === null) return 'undefined';
  // A tolerance so that a drop of exactly max_drop (computed in floating point) does not fail.
  if (-diff <= maxDrop + 1e-12) return 'pass';
  if (!requireSignificant) return 'fail';
  return pAdjusted !== null && pAdjusted < alpha ? 'fail' : 'pass';
}

const CORRECTION_NAME: Record<Correction, string> = { holm: 'Holm', bh: 'BH', none: 'uncorrected' };

function describe(c: GateCheck, gates: GateSettings): string {
  const f = (x: number | null) => (x === null ? 'undefined' : x.toFixed(3));
  const sign = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
  const ci = c.ci ? `, ${Math.round(gates.confidence * 100)}% CI [${sign(c.ci[0])}, ${sign(c.ci[1])}]` : '';
  const vs = c.against === 'baseline' ? '' : ` vs ${c.against}`;
  const head = `${c.metric} ${f(c.baseline)} -> ${f(c.current)}${c.diff === null ? '' : ` (${sign(c.diff)}${ci})`}${vs}`;
  if (c.status === 'undefined') return `${head}: undefined, not gated`;
  const test = c.agreement && c.p_value !== null && c.p_adjusted !== null
    ? `; agreement ${c.agreement.reference.toFixed(3)} -> ${c.agreement.current.toFixed(3)}, p = ${fmtP(c.p_value)}${gates.correction === 'none' ? '' : ` (${CORRECTION_NAME[gates.correction]}-adjusted ${fmtP(c.p_adjusted)})`}`
    : '';
  if (c.status === 'fail') return `${head}${test}: dropped by more than ${c.max_drop}${c.require_significant ? ` and significant at ${fmtP(1 - gates.confidence)}` : ''}`;
  if (c.diff !== null && -c.diff > c.max_drop) return `${head}${test}: drop within noise`;
  return head;
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
