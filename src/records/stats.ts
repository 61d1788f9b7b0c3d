import { LabelingMonitorSchema, type LabelingMonitor } from '../labelers/monitor.js';
import { ConfidenceSchema, LabelsSchema, tagsOf, type Confidence, type Labels, type Taxonomy } from '../taxonomy/index.js';
import { ConfidenceHistogram } from './confidence.js';
import { FailureReasons } from './failures.js';
import { labeledSetRates, type LabeledSetRates } from './rates.js';
import { LABEL_STATS_VERSION, type Failure, type LabelStats } from './stats-schema.js';

const MAX_FAILURES = 10_000;
const MAX_UNMAPPED_VALUES = 200;

/** Fixed facts about a run that go into its stats unchanged. */
export type RunInfo = Pick<
  LabelStats,
  'tool_version' | 'taxonomy_version' | 'model' | 'labeler' | 'input' | 'output' | 'monitor' | 'selection' | 'started_at' | 'resume_key'
>;

/** What the accumulator folds in: a labeling outcome, or a labeled record as read from a file. */
export interface OutcomeInput {
  labels: Labels | null;
  confidence: Confidence;
  /** Null for a record whose monitor is missing or unreadable: its calls, tokens and issues are unknown. */
  labeling_monitor: LabelingMonitor | null;
}

/**
 * The one statistics accumulator of a labeled set, in constant memory: counters, tag counts, confidence
 * histograms, issues, calls, tokens, cost. Used by `label` (stats_*.json), `report --labels`, `run`'s per-
 * configuration numbers (run.json), `merge` and `drift`; every rate comes from records/rates.ts. Outcomes (labels,
 * confidence, monitor) and counts (labeled/failed, with the record's position) are added apart, so a resumed run
 * can fold in the earlier output's outcomes once and count each input record when it comes by.
 */
export class StatsAccumulator {
  private labeled = 0;
  private inputFailed = 0;
  private labelerFailed = 0;
  private resumed = 0;
  private oversized = 0;
  private readonly failures: Failure[] = [];
  private failuresOmitted = 0;
  private readonly reasons = new FailureReasons();
  private readonly dist = new Map<string, Map<string, number>>();
  private readonly conf = new Map<string, ConfidenceHistogram>();
  /** Per dimension: labeled records with at least one tag of it / without a confidence for it. */
  private readonly carriers = new Map<string, number>();
  private readonly confMissing = new Map<string, number>();
  private arbSamples = 0;
  private readonly esc = { seen: false, samples: 0, calls: 0, costUsd: 0, byDim: new Map<string, number>(), byModel: new Map<string, number>() };
  private readonly arbByDim = new Map<string, number>();
  private unmappedSamples = 0;
  private unmappedTotal = 0;
  private readonly unmappedByDim = new Map<string, Map<string, number>>();
  private violationSamples = 0;
  private readonly violationsByRule = new Map<string, number>();
  private readonly calls = { total: 0, cache_hits: 0, errors: 0, failed_attempts: 0, retried: 0 };
  private readonly tokens = { prompt: 0, completion: 0, cached: 0 };
  private costUsd = 0;
  private unpriced = 0;
  private promptVersion: string | null = null;

  constructor(private readonly taxonomy: Taxonomy) {}

  /** Fold one labeling outcome into the distributions, confidence, issues, tokens and cost. */
  addOutcome(outcome: OutcomeInput): void {
    const mon = outcome.labeling_monitor;
    if (mon) this.promptVersion ??= mon.prompt_version ?? null;
    for (const c of mon?.calls ?? []) {
      this.calls.total++;
      if (c.cache_hit) this.calls.cache_hits++;
      if (c.error) this.calls.errors++;
      this.calls.failed_attempts += c.failed_attempts?.length ?? 0;
      if (c.attempts > 1) this.calls.retried++;
      this.tokens.prompt += c.prompt_tokens;
      this.tokens.completion += c.completion_tokens;
      this.tokens.cached += c.cached_tokens;
      if (c.cost_usd === null) this.unpriced++;
      else this.costUsd += c.cost_usd;
    }
    this.addEscalations(mon);
    if (outcome.labels === null) return;
    for (const dim of this.taxonomy.dimensions) {
      const counts = getOr(this.dist, dim.id, () => new Map<string, number>());
      const tags = tagsOf(outcome.labels, dim.id);
      if (tags.length) bump(this.carriers, dim.id);
      for (const tag of tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      const c = outcome.confidence[dim.id];
      if (c !== undefined) getOr(this.conf, dim.id, () => new ConfidenceHistogram()).add(c);
      else bump(this.confMissing, dim.id);
    }
    if (!mon) return;
    const issues = mon.issues;
    if (issues.arbitration.length) this.arbSamples++;
    for (const a of issues.arbitration) bump(this.arbByDim, a.dimension);
    if (issues.unmapped.length) this.unmappedSamples++;
    for (const u of issues.unmapped) {
      this.unmappedTotal++;
      const values = getOr(this.unmappedByDim, u.dimension, () => new Map<string, number>());
      if (values.has(u.value) || values.size < MAX_UNMAPPED_VALUES) bump(values, u.value);
    }
    if (issues.violations.length) this.violationSamples++;
    for (const v of issues.violations) bump(this.violationsByRule, v.rule);
  }

  /** A cascade's escalations: counted, and the second model's calls priced apart. */
  private addEscalations(mon: OutcomeInput['labeling_monitor']): void {
    const list = mon?.issues.escalations;
    if (!mon || list === undefined) return;
    this.esc.seen = true;
    if (!list.length) return;
    this.esc.samples++;
    this.esc.calls += list.length;
    const to = new Set(list.map((e) => e.to));
    for (const e of list) {
      bump(this.esc.byModel, e.to);
      for (const l of e.low) bump(this.esc.byDim, l.dimension);
    }
    for (const c of mon.calls) if (to.has(c.model) && c.cost_usd !== null) this.esc.costUsd += c.cost_usd;
  }

  /**
   * Fold a labeled record as read from a file: labels, confidence and labeling_monitor are taken when they parse,
   * else as absent (labels null = a failed record). Returns what was taken so the caller can count the record.
   */
  addRecord(record: Record<string, unknown>): OutcomeInput {
    const outcome: OutcomeInput = {
      labels: LabelsSchema.nullable().catch(null).parse(record.labels ?? null),
      confidence: ConfidenceSchema.catch({}).parse(record.confidence ?? {}),
      labeling_monitor: LabelingMonitorSchema.safeParse(record.labeling_monitor).data ?? null,
    };
    this.addOutcome(outcome);
    return outcome;
  }

  countLabeled(opts: { resumed?: boolean; oversized?: boolean } = {}): void {
    this.labeled++;
    if (opts.resumed) this.resumed++;
    if (opts.oversized) this.oversized++;
  }

  countFailed(failure: Failure, opts: { resumed?: boolean; oversized?: boolean } = {}): void {
    if (failure.stage === 'input') this.inputFailed++;
    else this.labelerFailed++;
    if (opts.resumed) this.resumed++;
    if (opts.oversized) this.oversized++;
    this.reasons.add(failure.reason, failure.id);
    if (this.failures.length < MAX_FAILURES) this.failures.push(failure);
    else this.failuresOmitted++;
  }

  /** Counts so far, for progress. */
  get done(): { records: number; failed: number } {
    const failed = this.inputFailed + this.labelerFailed;
    return { records: this.labeled + failed, failed };
  }

  /** The rates so far (records/rates.ts has their definitions). */
  get rates(): LabeledSetRates {
    return labeledSetRates({
      labeled: this.labeled,
      failed: this.inputFailed + this.labelerFailed,
      arbitrated: this.arbSamples,
      unmapped: this.unmappedSamples,
      violated: this.violationSamples,
    });
  }

  /** Issue counts, calls, tokens and cost so far, for readers that show them without a stats document. */
  get totals(): {
    labeled: number;
    failed: number;
    labelerFailed: number;
    arbitration: { samples: number; byDimension: Record<string, number> };
    unmapped: { samples: number; byDimension: Record<string, Record<string, number>> };
    violations: { samples: number; byRule: Record<string, number> };
    tokens: { prompt: number; completion: number; cached: number };
    cost: { totalUsd: number; unpricedCalls: number };
  } {
    return {
      labeled: this.labeled,
      failed: this.inputFailed + this.labelerFailed,
      labelerFailed: this.labelerFailed,
      arbitration: { samples: this.arbSamples, byDimension: sortedCounts(this.arbByDim) },
      unmapped: { samples: this.unmappedSamples, byDimension: Object.fromEntries([...this.unmappedByDim].map(([d, m]) => [d, sortedCounts(m)])) },
      violations: { samples: this.violationSamples, byRule: sortedCounts(this.violationsByRule) },
      tokens: { ...this.tokens },
      cost: { totalUsd: this.costUsd, unpricedCalls: this.unpriced },
    };
  }

  /** Per dimension, for readers that need more than the stats document (drift, report --labels). */
  dimension(id: string): { tags: Map<string, number>; carriers: number; confidence: ConfidenceHistogram; confidenceMissing: number } {
    return {
      tags: new Map(this.dist.get(id) ?? []),
      carriers: this.carriers.get(id) ?? 0,
      confidence: this.conf.get(id) ?? new ConfidenceHistogram(),
      confidenceMissing: this.confMissing.get(id) ?? 0,
    };
  }

  /** The stats document (pure read of the totals). */
  snapshot(info: RunInfo, end: { elapsedMs: number; finishedAt: string | null; peakRssMb: number }): LabelStats {
    const failed = this.inputFailed + this.labelerFailed;
    const attempted = this.labeled + this.labelerFailed;
    const elapsedS = end.elapsedMs / 1000;
    // stats_*.json's rate fields are numbers: 0, not null, when nothing was labeled (format version 1).
    const rates = this.rates;
    return {
      version: LABEL_STATS_VERSION,
      complete: end.finishedAt !== null,
      ...info,
      prompt_version: this.promptVersion,
      finished_at: end.finishedAt,
      elapsed_s: elapsedS,
      records_in: this.labeled + failed,
      labeled: this.labeled,
      failed,
      input_failed: this.inputFailed,
      labeler_failed: this.labelerFailed,
      resumed: this.resumed,
      oversized: this.oversized,
      failures: [...this.failures],
      failures_omitted: this.failuresOmitted,
      failure_reasons: this.reasons.top(10),
      distributions: Object.fromEntries(this.taxonomy.dimensions.map((d) => [d.id, sortedCounts(this.dist.get(d.id))])),
      confidence: Object.fromEntries(this.taxonomy.dimensions.map((d) => [d.id, (this.conf.get(d.id) ?? new ConfidenceHistogram()).summary()])),
      arbitration: { samples: this.arbSamples, rate: rates.arbitration ?? 0, by_dimension: sortedCounts(this.arbByDim) },
      ...(this.esc.seen
        ? {
            escalation: {
              samples: this.esc.samples,
              calls: this.esc.calls,
              rate: attempted ? this.esc.calls / (2 * attempted) : 0,
              by_dimension: sortedCounts(this.esc.byDim),
              by_model: sortedCounts(this.esc.byModel),
              cost_usd: this.esc.costUsd,
            },
          }
        : {}),
      unmapped: {
        samples: this.unmappedSamples,
        rate: rates.unmapped ?? 0,
        total: this.unmappedTotal,
        by_dimension: Object.fromEntries([...this.unmappedByDim].map(([d, m]) => [d, sortedCounts(m)])),
      },
      violations: { samples: this.violationSamples, rate: rates.violation ?? 0, by_rule: sortedCounts(this.violationsByRule) },
      calls: { ...this.calls },
      tokens: { ...this.tokens, total: this.tokens.prompt + this.tokens.completion },
      cost: { total_usd: this.costUsd, per_sample_usd: attempted ? this.costUsd / attempted : null, unpriced_calls: this.unpriced },
      throughput: { records_per_s: elapsedS > 0 ? (this.labeled + failed - this.resumed) / elapsedS : 0 },
      peak_rss_mb: end.peakRssMb,
    };
  }
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Counts as a plain object, largest first (ties by name) so diffs between runs read well. */
function sortedCounts(map: Map<string, number> | undefined): Record<string, number> {
  if (!map) return {};
  return Object.fromEntries([...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}
