import { existsSync } from 'node:fs';
import { readRecords } from '../../conversation/index.js';
import { LabelingMonitorSchema } from '../../labelers/index.js';
import { LabelStatsSchema, sidecarPaths, type LabelStats } from '../../records/index.js';
import { ConfidenceSchema, LabelsSchema, tagsOf, type Taxonomy } from '../../taxonomy/index.js';
import { readJsonFile } from '../read-json.js';

/** Confidence histogram bins: [0, 0.1), ..., [0.9, 1.0]. */
export const CONFIDENCE_BINS = 10;

/** Everything the labeling summary (production run) renderers need. */
export interface LabelingSummary {
  input: string;
  statsFile: string | null;
  generatedAt: string;
  model: string;
  labeler: string;
  promptVersion: string | null;
  taxonomyVersion: string;
  toolVersion: string;
  records: number;
  labeled: number;
  failed: number;
  /** Per dimension: tag -> labeled records carrying it, most frequent first. */
  distributions: Array<{ dimension: string; tags: Array<{ tag: string; count: number }> }>;
  /** Per dimension: counts per confidence bin, and records without a confidence. */
  confidence: Array<{ dimension: string; bins: number[]; missing: number; mean: number | null }>;
  arbitration: { samples: number; rate: number | null; byDimension: Record<string, number> };
  unmapped: { samples: number; rate: number | null; values: Array<{ dimension: string; value: string; count: number }> };
  /** First failures (input and labeler), with where and why. */
  failures: Array<{ id: string; where: string; stage: string; reason: string }>;
  failuresOmitted: number;
  tokens: { prompt: number; completion: number; cached: number };
  cost: { totalUsd: number | null; perSampleUsd: number | null; unpricedCalls: number };
  elapsedS: number | null;
  notes: string[];
}

const MAX_FAILURES = 200;

/**
 * Build the summary of a production labeling run from its labeled output (distributions, confidence histogram,
 * arbitration, unmapped, cost from each record's labeling_monitor) and, when present, its stats_*.json (input
 * failures that never reached the output, run totals and versions). The records are streamed: constant memory
 * apart from the counters.
 */
export async function loadLabelingSummary(opts: { labels: string; stats?: string; taxonomy: Taxonomy; now?: () => Date }): Promise<LabelingSummary> {
  const statsFile = opts.stats ?? sidecarPaths(opts.labels).stats;
  const stats: LabelStats | null = existsSync(statsFile) ? readJsonFile(statsFile, LabelStatsSchema) : null;
  const dims = opts.taxonomy.dimensions.map((d) => d.id);
  const dist = new Map(dims.map((d) => [d, new Map<string, number>()]));
  const conf = new Map(dims.map((d) => [d, { bins: new Array<number>(CONFIDENCE_BINS).fill(0), missing: 0, sum: 0, n: 0 }]));
  const arbByDim: Record<string, number> = {};
  const unmappedValues = new Map<string, { dimension: string; value: string; count: number }>();
  const failures: LabelingSummary['failures'] = [];
  const tokens = { prompt: 0, completion: 0, cached: 0 };
  let records = 0, labeled = 0, failed = 0, arbSamples = 0, unmappedSamples = 0, cost = 0, unpriced = 0, failuresOmitted = 0;
  const addFailure = (f: LabelingSummary['failures'][number]) => (failures.length < MAX_FAILURES ? failures.push(f) : failuresOmitted++);
  for await (const item of readRecords(opts.labels)) {
    records++;
    const where = item.line ? `${opts.labels}:${item.line}` : `${opts.labels} record ${item.index}`;
    if (!item.ok) {
      failed++;
      addFailure({ id: item.id ?? '', where, stage: 'input', reason: item.reason });
      continue;
    }
    const rec = item.record as Record<string, unknown>;
    const labels = LabelsSchema.nullable().catch(null).parse(rec.labels ?? null);
    const confidence = ConfidenceSchema.catch({}).parse(rec.confidence ?? {});
    const monitor = LabelingMonitorSchema.safeParse(rec.labeling_monitor).data;
    for (const c of monitor?.calls ?? []) {
      tokens.prompt += c.prompt_tokens;
      tokens.completion += c.completion_tokens;
      tokens.cached += c.cached_tokens;
      if (c.cost_usd === null) unpriced++;
      else cost += c.cost_usd;
    }
    if (labels === null) {
      failed++;
      addFailure({ id: item.conversation.id, where, stage: 'labeler', reason: monitor?.error ?? 'labels: null' });
      continue;
    }
    labeled++;
    for (const d of dims) {
      const m = dist.get(d)!;
      for (const t of tagsOf(labels, d)) m.set(t, (m.get(t) ?? 0) + 1);
      const c = conf.get(d)!;
      const v = confidence[d];
      if (v === undefined) c.missing++;
      else {
        c.bins[Math.min(CONFIDENCE_BINS - 1, Math.floor(v * CONFIDENCE_BINS))]!++;
        c.sum += v;
        c.n++;
      }
    }
    const issues = monitor?.issues;
    if (issues?.arbitration.length) {
      arbSamples++;
      for (const a of issues.arbitration) arbByDim[a.dimension] = (arbByDim[a.dimension] ?? 0) + 1;
    }
    if (issues?.unmapped.length) {
      unmappedSamples++;
      for (const u of issues.unmapped) {
        const key = `${u.dimension}\u0000${u.value}`;
        const e = unmappedValues.get(key) ?? { dimension: u.dimension, value: u.value, count: 0 };
        e.count++;
        unmappedValues.set(key, e);
      }
    }
  }
  const notes: string[] = [];
  if (!stats) notes.push(`${statsFile} not found: versions, input failures and run time are unknown; numbers come from the labeled records only.`);
  else if (!stats.complete) notes.push(`${statsFile} says the run is not complete (still running or interrupted).`);
  // Input records that failed to read never reach the output file; only the stats know them.
  for (const f of stats?.failures.filter((x) => x.stage === 'input') ?? []) {
    failed++;
    addFailure({ id: f.id ?? '', where: `${stats!.input}${f.line ? `:${f.line}` : ` record ${f.index}`}`, stage: 'input', reason: f.reason });
  }
  const share = (n: number) => (labeled + failed === 0 ? null : n / (labeled + failed));
  return {
    input: opts.labels,
    statsFile: stats ? statsFile : null,
    generatedAt: (opts.now ?? (() => new Date()))().toISOString(),
    model: stats?.model ?? 'unknown',
    labeler: stats?.labeler ?? 'unknown',
    promptVersion: stats?.prompt_version ?? null,
    taxonomyVersion: stats?.taxonomy_version ?? opts.taxonomy.version,
    toolVersion: stats?.tool_version ?? 'unknown',
    records: labeled + failed,
    labeled,
    failed,
    distributions: dims.map((d) => ({
      dimension: d,
      tags: [...dist.get(d)!].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag)),
    })),
    confidence: dims.map((d) => {
      const c = conf.get(d)!;
      return { dimension: d, bins: c.bins, missing: c.missing, mean: c.n ? c.sum / c.n : null };
    }),
    arbitration: { samples: arbSamples, rate: share(arbSamples), byDimension: arbByDim },
    unmapped: { samples: unmappedSamples, rate: share(unmappedSamples), values: [...unmappedValues.values()].sort((a, b) => b.count - a.count) },
    failures,
    failuresOmitted: failuresOmitted + (stats?.failures_omitted ?? 0),
    tokens,
    cost: { totalUsd: records ? cost : null, perSampleUsd: labeled + failed ? cost / (labeled + failed) : null, unpricedCalls: unpriced },
    elapsedS: stats?.elapsed_s ?? null,
    notes,
  };
}
