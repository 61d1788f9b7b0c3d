import { InputError } from '../errors/index.js';
import { FailureReasons, LABEL_STATS_VERSION, labeledSetRates, type LabelStats, type StatsAccumulator } from '../records/index.js';
import type { Taxonomy } from '../taxonomy/index.js';

export interface ExactCounts {
  /** Counted from the merged output itself (after dedupe), so they are exact. */
  labeled: number;
  failed: number;
  labelerFailures: LabelStats['failures'];
  /** The merged labeled records folded into the one accumulator: their tag counts and confidence per dimension. */
  counts: StatsAccumulator;
  paths: { output: string; stats: string; monitor: string };
  taxonomy: Taxonomy;
}

const MAX_FAILURES = 10_000;

/**
 * Stats of a merged output. Record counts, labeler failures, distributions and confidence (n, mean, min, p10) come
 * from the merged records (exact, duplicates removed); input failures, calls, tokens, cost and rates are summed from
 * the shards' stats files. Time: earliest start, latest finish, longest elapsed (shards run in parallel).
 */
export function mergeStats(shards: LabelStats[], exact: ExactCounts): LabelStats {
  const versions = new Set(shards.map((s) => s.taxonomy_version));
  const models = new Set(shards.map((s) => s.model));
  if (versions.size > 1) throw new InputError(`merge: shards were labeled with different taxonomy versions (${[...versions].join(', ')})`);
  if (models.size > 1) throw new InputError(`merge: shards were labeled with different models (${[...models].join(', ')})`);
  const first = shards[0];
  const sum = (f: (s: LabelStats) => number): number => shards.reduce((t, s) => t + f(s), 0);
  const inputFailed = sum((s) => s.input_failed);
  const inputFailures = shards.flatMap((s) => s.failures.filter((x) => x.stage === 'input'));
  const failures = [...inputFailures, ...exact.labelerFailures];
  const listedInput = Math.min(inputFailures.length, inputFailed);
  const totalFailed = exact.failed + inputFailed;
  const elapsed = Math.max(0, ...shards.map((s) => s.elapsed_s));
  const labeledCount = exact.labeled;
  const attempted = exact.labeled + exact.failed;
  const costTotal = sum((s) => s.cost.total_usd);
  const arbSamples = sum((s) => s.arbitration.samples);
  const unmappedSamples = sum((s) => s.unmapped.samples);
  const violationSamples = sum((s) => s.violations.samples);
  const rates = labeledSetRates({ labeled: labeledCount, failed: totalFailed, arbitrated: arbSamples, unmapped: unmappedSamples, violated: violationSamples });
  return {
    version: LABEL_STATS_VERSION,
    complete: shards.length > 0 && shards.every((s) => s.complete),
    tool_version: first?.tool_version ?? 'unknown',
    taxonomy_version: first?.taxonomy_version ?? exact.taxonomy.version,
    model: first?.model ?? 'unknown',
    labeler: first?.labeler ?? 'unknown',
    prompt_version: first?.prompt_version ?? null,
    input: [...new Set(shards.map((s) => s.input))].join(', '),
    output: exact.paths.output,
    monitor: exact.paths.monitor,
    selection: {
      limit: null,
      shuffle: false,
      seed: null,
      shard: shards.map((s) => s.selection.shard ?? 'all').join('+') || null,
      resume: shards.some((s) => s.selection.resume),
      retry_failed: shards.some((s) => s.selection.retry_failed),
    },
    started_at: shards.map((s) => s.started_at).sort()[0] ?? new Date().toISOString(),
    finished_at: shards.every((s) => s.finished_at) ? (shards.map((s) => s.finished_at!).sort().at(-1) ?? null) : null,
    elapsed_s: elapsed,
    records_in: exact.labeled + totalFailed,
    labeled: exact.labeled,
    failed: totalFailed,
    input_failed: inputFailed,
    labeler_failed: exact.failed,
    resumed: sum((s) => s.resumed),
    oversized: sum((s) => s.oversized),
    failures: failures.slice(0, MAX_FAILURES),
    failures_omitted: Math.max(0, failures.length - MAX_FAILURES) + (inputFailed - listedInput),
    failure_reasons: reasonsOf(failures),
    distributions: Object.fromEntries(exact.taxonomy.dimensions.map((d) => [d.id, sorted(exact.counts.dimension(d.id).tags)])),
    confidence: Object.fromEntries(exact.taxonomy.dimensions.map((d) => [d.id, exact.counts.dimension(d.id).confidence.summary()])),
    arbitration: { samples: arbSamples, rate: rates.arbitration ?? 0, by_dimension: sumRecords(shards.map((s) => s.arbitration.by_dimension)) },
    ...(shards.some((s) => s.escalation) ? { escalation: mergeEscalation(shards, attempted) } : {}),
    unmapped: {
      samples: unmappedSamples,
      rate: rates.unmapped ?? 0,
      total: sum((s) => s.unmapped.total),
      by_dimension: Object.fromEntries(
        [...new Set(shards.flatMap((s) => Object.keys(s.unmapped.by_dimension)))].map((d) => [d, sumRecords(shards.map((s) => s.unmapped.by_dimension[d] ?? {}))]),
      ),
    },
    violations: { samples: violationSamples, rate: rates.violation ?? 0, by_rule: sumRecords(shards.map((s) => s.violations.by_rule)) },
    calls: {
      total: sum((s) => s.calls.total),
      cache_hits: sum((s) => s.calls.cache_hits),
      errors: sum((s) => s.calls.errors),
      failed_attempts: sum((s) => s.calls.failed_attempts),
      retried: sum((s) => s.calls.retried),
    },
    tokens: {
      prompt: sum((s) => s.tokens.prompt),
      completion: sum((s) => s.tokens.completion),
      cached: sum((s) => s.tokens.cached),
      total: sum((s) => s.tokens.total),
    },
    cost: { total_usd: costTotal, per_sample_usd: attempted ? costTotal / attempted : null, unpriced_calls: sum((s) => s.cost.unpriced_calls) },
    // Shards run side by side: the merged rate is the sum of theirs.
    throughput: { records_per_s: sum((s) => s.throughput.records_per_s) },
    peak_rss_mb: Math.max(0, ...shards.map((s) => s.peak_rss_mb)),
  };
}

function sumRecords(parts: Array<Record<string, number>>): Record<string, number> {
  const m = new Map<string, number>();
  for (const p of parts) for (const [k, v] of Object.entries(p)) m.set(k, (m.get(k) ?? 0) + v);
  return sorted(m);
}

function sorted(m: Map<string, number> | undefined): Record<string, number> {
  if (!m) return {};
  return Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** Shards of a cascade: escalations summed, the rate over every attempted record (2 calls each). */
function mergeEscalation(shards: readonly LabelStats[], attempted: number): NonNullable<LabelStats['escalation']> {
  const parts = shards.flatMap((s) => (s.escalation ? [s.escalation] : []));
  const calls = parts.reduce((n, e) => n + e.calls, 0);
  return {
    samples: parts.reduce((n, e) => n + e.samples, 0),
    calls,
    rate: attempted ? calls / (2 * attempted) : 0,
    by_dimension: sumRecords(parts.map((e) => e.by_dimension)),
    by_model: sumRecords(parts.map((e) => e.by_model)),
    cost_usd: parts.reduce((n, e) => n + e.cost_usd, 0),
  };
}

/** The top reasons of the merged failures (input failures as listed by the shards, labeler failures as recounted). */
function reasonsOf(failures: LabelStats['failures']): LabelStats['failure_reasons'] {
  const reasons = new FailureReasons();
  for (const f of failures) reasons.add(f.reason, f.id);
  return reasons.top(10);
}
