import type { LabelOutcome } from '../labelers/monitor.js';
import { tagsOf, type Taxonomy } from '../taxonomy/index.js';
import { ConfidenceHistogram } from './confidence.js';
import { LABEL_STATS_VERSION, type Failure, type LabelStats } from './stats-schema.js';

const MAX_FAILURES = 10_000;
const MAX_UNMAPPED_VALUES = 200;

/** Fixed facts about a run that go into its stats unchanged. */
export type RunInfo = Pick<
  LabelStats,
  'tool_version' | 'taxonomy_version' | 'model' | 'labeler' | 'input' | 'output' | 'monitor' | 'selection' | 'started_at'
>;

/**
 * Running totals of a labeling run in constant memory: counters, tag counts, confidence histograms. Outcomes
 * (labels, confidence, monitor) and counts (labeled/failed, with the record's position) are added apart, so a
 * resumed run can fold in the earlier output's outcomes once and count each input record when it comes by.
 */
export class StatsAccumulator {
  private labeled = 0;
  private inputFailed = 0;
  private labelerFailed = 0;
  private resumed = 0;
  private oversized = 0;
  private readonly failures: Failure[] = [];
  private failuresOmitted = 0;
  private readonly dist = new Map<string, Map<string, number>>();
  private readonly conf = new Map<string, ConfidenceHistogram>();
  private arbSamples = 0;
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
  addOutcome(outcome: Pick<LabelOutcome, 'labels' | 'confidence' | 'labeling_monitor'>): void {
    const mon = outcome.labeling_monitor;
    this.promptVersion ??= mon.prompt_version ?? null;
    for (const c of mon.calls) {
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
    if (outcome.labels === null) return;
    for (const dim of this.taxonomy.dimensions) {
      const counts = getOr(this.dist, dim.id, () => new Map<string, number>());
      for (const tag of tagsOf(outcome.labels, dim.id)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      const c = outcome.confidence[dim.id];
      if (c !== undefined) getOr(this.conf, dim.id, () => new ConfidenceHistogram()).add(c);
    }
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
    if (this.failures.length < MAX_FAILURES) this.failures.push(failure);
    else this.failuresOmitted++;
  }

  /** Counts so far, for progress. */
  get done(): { records: number; failed: number } {
    const failed = this.inputFailed + this.labelerFailed;
    return { records: this.labeled + failed, failed };
  }

  /** The stats document (pure read of the totals). */
  snapshot(info: RunInfo, end: { elapsedMs: number; finishedAt: string | null; peakRssMb: number }): LabelStats {
    const failed = this.inputFailed + this.labelerFailed;
    const attempted = this.labeled + this.labelerFailed;
    const elapsedS = end.elapsedMs / 1000;
    const rate = (n: number): number => (this.labeled ? n / this.labeled : 0);
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
      distributions: Object.fromEntries(this.taxonomy.dimensions.map((d) => [d.id, sortedCounts(this.dist.get(d.id))])),
      confidence: Object.fromEntries(this.taxonomy.dimensions.map((d) => [d.id, (this.conf.get(d.id) ?? new ConfidenceHistogram()).summary()])),
      arbitration: { samples: this.arbSamples, rate: rate(this.arbSamples), by_dimension: sortedCounts(this.arbByDim) },
      unmapped: {
        samples: this.unmappedSamples,
        rate: rate(this.unmappedSamples),
        total: this.unmappedTotal,
        by_dimension: Object.fromEntries([...this.unmappedByDim].map(([d, m]) => [d, sortedCounts(m)])),
      },
      violations: { samples: this.violationSamples, rate: rate(this.violationSamples), by_rule: sortedCounts(this.violationsByRule) },
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
