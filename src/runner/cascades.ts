import { callDimensionsOf, escalationReason, escalations, goldItems, proposeThresholds, type Answer, type CallDimension, type ThresholdProposal } from '../cascade/index.js';
import { buildIssues, type CallRecord, type LabelingMonitor } from '../labelers/monitor.js';
import type { Prices } from '../llm/index.js';
import type { Labels, Taxonomy } from '../taxonomy/index.js';
import { listPrice } from './config-stats.js';
import type { CascadeConfiguration, Configuration } from './matrix.js';
import type { CascadeInfo, RunLine } from './results.js';


export interface CascadeScoreInput {
  cascade: CascadeConfiguration;
  /** Lines of the two base configurations (sample_index 0 is used). */
  firstLines: readonly RunLine[];
  thenLines: readonly RunLine[];
  goldLabels: ReadonlyMap<string, Labels>;
  taxonomy: Taxonomy;
  /** Prices of a model id (null: unknown). */
  priceOf: (model: string) => Prices | null;
  /** Default 1 (the run's bootstraps are seeded too). */
  seed?: number;
}

export interface CascadeScore {
  lines: RunLine[];
  info: CascadeInfo;
  proposal: ThresholdProposal;
}

/**
 * A cascade scored from its configurations' recorded answers, with no request: thresholds chosen on gold by
 * cross-fitting (src/cascade), and each sample routed by the thresholds of the folds it was not in. A call with a
 * low dimension takes the second configuration's answer for those dimensions (its recorded call, asked after its
 * own call 1; production asks it after the first model's call 1). Pure.
 */
export function scoreCascade(input: CascadeScoreInput): CascadeScore {
  const dims = callDimensionsOf(input.taxonomy);
  const first = byId(input.firstLines);
  const then = byId(input.thenLines);
  const items = goldItems({ gold: input.goldLabels, first, then, taxonomy: input.taxonomy });
  const { proposal, outOfFold } = proposeThresholds(items, { dimensions: dims, seed: input.seed ?? 1 });
  const lines = [...first.values()]
    .filter((l) => input.goldLabels.has(l.id))
    .map((l) => cascadeLine(input.cascade, dims, l, then.get(l.id) ?? null, outOfFold.get(l.id) ?? proposal.fitted));
  const calls = lines.length * 2;
  const escalated = lines.reduce((n, l) => n + (l.labeling_monitor.issues.escalations?.length ?? 0), 0);
  const perSample = (ls: readonly RunLine[]): number | null => {
    if (!ls.length) return null;
    const cost = listPrice(ls.flatMap((l) => l.labeling_monitor.calls), input.priceOf);
    return cost === null ? null : cost / ls.length;
  };
  const inGold = (ls: Map<string, RunLine>): RunLine[] => [...ls.values()].filter((l) => input.goldLabels.has(l.id));
  const info: CascadeInfo = {
    first: input.cascade.first.name,
    then: input.cascade.then.name,
    thresholds: proposal.fitted,
    saving: proposal.saving,
    verdict: proposal.verdict,
    folds: proposal.folds,
    calls,
    escalated_calls: escalated,
    escalation_share: calls ? escalated / calls : null,
    escalation_ci95: proposal.escalation.ci95,
    agreement: proposal.agreement,
    lift: proposal.lift,
    cost_per_sample_usd: perSample(lines),
    first_cost_per_sample_usd: perSample(inGold(first)),
    then_cost_per_sample_usd: perSample(inGold(then)),
  };
  return { lines, info, proposal };
}

function byId(lines: readonly RunLine[]): Map<string, RunLine> {
  return new Map(lines.filter((l) => l.sample_index === 0).map((l) => [l.id, l] as const));
}

/** Records of one call (and its repair) in a monitor. */
function callRecords(calls: readonly CallRecord[], call: string): CallRecord[] {
  return calls.filter((c) => c.name === call || c.name === `repair:${call}`);
}

/** One sample of the cascade from the two recorded answers, routed by `thresholds`. */
function cascadeLine(cascade: CascadeConfiguration, dims: readonly CallDimension[], a: RunLine, b: RunLine | null, thresholds: Record<string, number>): RunLine {
  const from = cascade.first.model;
  const to = cascade.then.model;
  const failed = a.labels === null;
  const routed = failed
    ? (['call1', 'call2'] as const).map((call) => ({ call, low: dims.filter((d) => d.call === call).map((d) => ({ dimension: d.id, confidence: 0, threshold: thresholds[d.id] ?? 0 })) }))
    : escalations(dims, a.confidence, thresholds);
  const answered = b !== null && b.labels !== null;
  let labels: Labels | null = a.labels ? { ...a.labels } : null;
  const confidence = { ...a.confidence };
  if (answered && b.labels) {
    if (failed) labels = { ...b.labels };
    for (const e of routed)
      for (const l of e.low) {
        const v = b.labels[l.dimension];
        if (v !== undefined && labels) labels[l.dimension] = v;
        const c = b.confidence[l.dimension];
        if (c !== undefined) confidence[l.dimension] = c;
      }
  }
  const calls = [...a.labeling_monitor.calls, ...(b ? routed.flatMap((e) => callRecords(b.labeling_monitor.calls, e.call)) : [])];
  const monitor: LabelingMonitor = {
    ...a.labeling_monitor,
    model: cascade.model,
    calls,
    issues: buildIssues({
      ...a.labeling_monitor.issues,
      escalations: routed.map((e) => ({
        call: e.call,
        from,
        to,
        low: e.low,
        reason: failed ? `${from} failed: ${a.labeling_monitor.error ?? 'no labels'}` : escalationReason(e),
        answered,
      })),
    }),
    error: labels === null ? (a.labeling_monitor.error ?? b?.labeling_monitor.error ?? 'no labels') : null,
  };
  return { ...a, config: cascade.name, config_hash: `${a.config_hash}+${b?.config_hash ?? 'none'}`, labels, confidence, labeling_monitor: monitor };
}

/** A cascade scored in this run, and its runs file. */
export interface RunCascade {
  cascade: CascadeConfiguration;
  score: CascadeScore;
  path: string;
}

/** A cascade where a configuration is expected (metrics, the report): its name, `first -> then`, prompt, no axes. */
export function cascadeAsConfiguration(c: CascadeConfiguration): Configuration {
  return { name: c.name, model: c.model, modelRef: c.model, prompt: c.prompt, options: c.first.options, axes: {} };
}

