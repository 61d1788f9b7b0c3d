import { costUsd } from '../llm/index.js';
import { StatsAccumulator } from '../records/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import type { ConfigRuntime } from './configs.js';
import type { ConfigRunStats, RunLine } from './results.js';

export interface ConfigStatsInput {
  runtime: ConfigRuntime;
  /** The configuration's runs file after the run: one line per finished or failed job. */
  lines: readonly RunLine[];
  /** Jobs the configuration has: samples x repeats. */
  expected: number;
  /** Jobs finished in an earlier run and skipped now. */
  resumed: number;
  /** Dollars spent by this run's calls (cache hits cost 0); null when the model has no price. */
  spentUsd: number | null;
  elapsedMs: number;
  /** The taxonomy the lines were labeled with (the accumulator counts tags per dimension). */
  taxonomy: Taxonomy;
}

/** run.json's numbers for one configuration. Pure. */
export function configRunStats(input: ConfigStatsInput): ConfigRunStats {
  const { runtime, lines } = input;
  const { config } = runtime;
  // The one accumulator of a labeled set: counts, tokens and rates mean here what they mean in stats_*.json.
  const acc = new StatsAccumulator(input.taxonomy);
  lines.forEach((l, index) => {
    acc.addOutcome(l);
    if (l.labels === null) acc.countFailed({ id: l.id, index, stage: 'labeler', reason: l.labeling_monitor.error ?? 'labels: null' });
    else acc.countLabeled();
  });
  const { labeled, tokens } = acc.totals;
  const rates = acc.rates;
  const calls = lines.flatMap((l) => l.labeling_monitor.calls);
  const prices = runtime.model?.prices ?? null;
  const full = runtime.model === null ? 0 : prices === null ? null : calls.reduce((sum, c) => sum + (costUsd({ prompt_tokens: c.prompt_tokens, completion_tokens: c.completion_tokens, cached_tokens: c.cached_tokens }, prices) ?? 0), 0);
  const cache = runtime.cache?.stats();
  const lookups = cache ? cache.hits + cache.misses + cache.joined : 0;
  const latencies = lines.filter((l) => l.labels !== null).map((l) => l.labeling_monitor.latency_ms);
  return {
    model: config.model,
    prompt: config.prompt,
    axes: config.axes,
    samples: input.expected,
    labeled,
    failed: lines.length - labeled,
    missing: Math.max(0, input.expected - lines.length),
    resumed: input.resumed,
    cache: {
      hits: (cache?.hits ?? 0) + (cache?.joined ?? 0),
      misses: cache?.misses ?? 0,
      writes: cache?.writes ?? 0,
      hit_rate: lookups ? ((cache?.hits ?? 0) + (cache?.joined ?? 0)) / lookups : null,
    },
    ...(runtime.pinned ? { pinned: runtime.pinned } : {}),
    http_requests: runtime.http.requests,
    rate_limited: runtime.http.rateLimited,
    tokens,
    cost_usd: input.spentUsd,
    cost_usd_full: full,
    latency_ms: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
    arbitration_rate: rates.arbitration,
    unmapped_rate: rates.unmapped,
    elapsed_ms: input.elapsedMs,
  };
}

/** Nearest-rank percentile (q in 0..1) of the values; null when there are none. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] ?? null;
}
