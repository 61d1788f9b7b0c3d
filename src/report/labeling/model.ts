import { existsSync } from 'node:fs';
import { recordId } from '../../conversation/index.js';
import { LabelStatsSchema, readLabeledRecords, sidecarPaths, StatsAccumulator, type LabelStats, type SkippedLine } from '../../records/index.js';
import type { Labels, Taxonomy } from '../../taxonomy/index.js';
import { calibratedShares, type CalibratedShares } from '../../score/index.js';
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
  /** `--calibrate-with`: each tag's share with a prediction-powered CI next to the naive one; null without. */
  calibration: (CalibratedShares & { with: string; gold: string }) | null;
}

/** What `--calibrate-with` reads: the same configuration's answers on a gold set, and that gold set's labels. */
export interface CalibrationInput {
  /** Where the answers came from (reports/EXP/runs/<config>.jsonl), shown in the summary. */
  with: string;
  /** Gold set folder, shown in the summary. */
  gold: string;
  goldLabels: ReadonlyMap<string, Labels>;
  runLabels: ReadonlyMap<string, Labels | null>;
  confidence?: number;
}

const MAX_FAILURES = 200;

/**
 * Build the summary of a production labeling run from its labeled output (distributions, confidence histogram,
 * arbitration, unmapped, cost from each record's labeling_monitor) and, when present, its stats_*.json (input
 * failures that never reached the output, run totals and versions). The records are streamed: constant memory
 * apart from the counters.
 */
export async function loadLabelingSummary(opts: { labels: string; stats?: string; taxonomy: Taxonomy; now?: () => Date; calibration?: CalibrationInput }): Promise<LabelingSummary> {
  const statsFile = opts.stats ?? sidecarPaths(opts.labels).stats;
  const stats: LabelStats | null = existsSync(statsFile) ? readJsonFile(statsFile, LabelStatsSchema) : null;
  const dims = opts.taxonomy.dimensions.map((d) => d.id);
  const acc = new StatsAccumulator(opts.taxonomy);
  const failures: LabelingSummary['failures'] = [];
  let records = 0, failuresOmitted = 0;
  const addFailure = (f: LabelingSummary['failures'][number]) => (failures.length < MAX_FAILURES ? failures.push(f) : failuresOmitted++);
  const onSkip = (s: SkippedLine): void => {
    records++;
    acc.countFailed({ index: s.index, ...(s.line ? { line: s.line } : {}), stage: 'input', reason: s.message });
    addFailure({ id: '', where: s.where, stage: 'input', reason: s.message.slice(s.where.length + 2) });
  };
  for await (const { record, index, line } of readLabeledRecords(opts.labels, { mode: 'lenient', onSkip })) {
    records++;
    const where = line ? `${opts.labels}:${line}` : `${opts.labels} record ${index}`;
    const outcome = acc.addRecord(record);
    if (outcome.labels === null) {
      const id = recordId(record);
      const reason = outcome.labeling_monitor?.error ?? 'labels: null';
      acc.countFailed({ id, index, ...(line ? { line } : {}), stage: 'labeler', reason });
      addFailure({ id, where, stage: 'labeler', reason });
    } else acc.countLabeled();
  }
  const notes: string[] = [];
  if (!stats) notes.push(`${statsFile} not found: versions, input failures and run time are unknown; numbers come from the labeled records only.`);
  else if (!stats.complete) notes.push(`${statsFile} says the run is not complete (still running or interrupted).`);
  // Input records that failed to read never reach the output file; only the stats know them.
  for (const f of stats?.failures.filter((x) => x.stage === 'input') ?? []) {
    acc.countFailed(f);
    addFailure({ id: f.id ?? '', where: `${stats!.input}${f.line ? `:${f.line}` : ` record ${f.index}`}`, stage: 'input', reason: f.reason });
  }
  const t = acc.totals;
  const rates = acc.rates;
  const distributions = dims.map((d) => ({
    dimension: d,
    tags: [...acc.dimension(d).tags].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag)),
  }));
  const labeled = t.labeled, failed = t.failed;
  // Cost per sample is per record that was sent to the labeler (labeled or labeler-failed), as in stats_*.json.
  const attempted = t.labeled + t.labelerFailed;
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
    distributions,
    confidence: dims.map((d) => {
      const c = acc.dimension(d);
      return { dimension: d, bins: c.confidence.bins(CONFIDENCE_BINS), missing: c.confidenceMissing, mean: c.confidence.summary().mean };
    }),
    arbitration: { samples: t.arbitration.samples, rate: rates.arbitration, byDimension: t.arbitration.byDimension },
    unmapped: {
      samples: t.unmapped.samples,
      rate: rates.unmapped,
      values: Object.entries(t.unmapped.byDimension)
        .flatMap(([dimension, values]) => Object.entries(values).map(([value, count]) => ({ dimension, value, count })))
        .sort((a, b) => b.count - a.count),
    },
    failures,
    failuresOmitted: failuresOmitted + (stats?.failures_omitted ?? 0),
    tokens: t.tokens,
    cost: { totalUsd: records ? t.cost.totalUsd : null, perSampleUsd: attempted ? t.cost.totalUsd / attempted : null, unpricedCalls: t.cost.unpricedCalls },
    elapsedS: stats?.elapsed_s ?? null,
    notes,
    calibration: calibrationOf(opts.calibration, distributions, labeled, opts.taxonomy, notes),
  };
}

function calibrationOf(c: CalibrationInput | undefined, production: LabelingSummary['distributions'], labeled: number, taxonomy: Taxonomy, notes: string[]): LabelingSummary['calibration'] {
  if (!c) return null;
  const shares = calibratedShares({ production, labeled, gold: c.goldLabels, goldPred: c.runLabels, taxonomy, confidence: c.confidence });
  if (shares.gold_n < 2) notes.push(`--calibrate-with ${c.with}: only ${shares.gold_n} of its samples are in ${c.gold}; no prediction-powered interval.`);
  notes.push('Prediction-powered shares assume the gold samples are drawn from the same population as this run; a gold set chosen on purpose (gold suggest) corrects with its inclusion probabilities only approximately.');
  return { ...shares, with: c.with, gold: c.gold };
}
