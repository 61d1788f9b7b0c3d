import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GoldSet } from '../gold/index.js';
import { CALLS, type PromptVersion } from '../prompts/index.js';
import { buildReportModel, writeReportFiles, type ConfigInput, type ConfigStats, type PromptText, type ReportModel, type WrittenReport } from '../report/index.js';
import type { Labels, Taxonomy } from '../taxonomy/index.js';
import type { ConfigRunStats, MetricsFile, RunLine, RunRecord } from './results.js';

/**
 * What a run's report is made from. At the end of `run` these are the results the run holds in memory (the last step
 * of runExperiment); `report RUN_DIR` reads the same from the run folder (read-run.ts). Both go through
 * runReportModel, so the two give the same report for the same run.
 */
export interface RunResults {
  metrics: MetricsFile;
  /** Null only when re-rendering a folder that lost its run.json: no prompt versions, timings or cost then. */
  run: RunRecord | null;
  /** Each configuration's lines of this run's selection; a configuration without an entry has no runs file. */
  lines: ReadonlyMap<string, readonly RunLine[]>;
  /** The gold set the run was scored against, all of it (samples for excerpts, annotation passes for the ceiling). */
  gold: GoldSet;
  /** Gold labels of the samples the run labeled (after options.limit): the disagreement explorer's samples. */
  goldLabels: ReadonlyMap<string, Labels>;
  /** Templates of the prompt versions the run used, for the diff. */
  prompts: PromptText[];
  /** What a reader should know (missing files, skipped lines). */
  notes: string[];
}

export interface RunReportOptions {
  taxonomy: Taxonomy;
  /** Clock for the report's generatedAt; default now. */
  now?: () => Date;
}

/** The report model of a run: its scores, numbers and versions, its predictions against its gold set. */
export function runReportModel(results: RunResults, options: RunReportOptions): ReportModel {
  const { metrics, run } = results;
  const preds = predictions(results);
  const configs: ConfigInput[] = Object.entries(metrics.configs).map(([name, c]) => ({
    name,
    model: c.model,
    prompt: c.prompt,
    axes: c.axes,
    score: c.score,
    vsBaseline: c.vs_baseline,
    failure: c.failure?.reason ?? null,
    stats: run?.configs[name] ? configStats(run.configs[name]) : null,
    repeats: c.repeats,
    calibration: c.calibration ?? null,
    preds: preds.get(name),
    ...(c.cascade
      ? {
          cascade: {
            first: c.cascade.first,
            then: c.cascade.then,
            escalationShare: c.cascade.escalation_share,
            costPerSample: c.cascade.cost_per_sample_usd,
            firstCostPerSample: c.cascade.first_cost_per_sample_usd,
            thenCostPerSample: c.cascade.then_cost_per_sample_usd,
            saving: c.cascade.saving,
            verdict: c.cascade.verdict,
          },
        }
      : {}),
  }));
  return buildReportModel({
    experiment: metrics.experiment,
    taxonomy: options.taxonomy,
    baseline: metrics.baseline_config,
    configs,
    gold: { labels: results.goldLabels, samples: samplesOf(results), annotations: annotationsOf(results.gold) },
    versions: {
      tool: run?.tool_version ?? 'unknown',
      taxonomy: metrics.taxonomy_version,
      prompts: Object.fromEntries(Object.entries(run?.prompts ?? {}).map(([k, v]) => [k, v.hash])),
      gold: { name: metrics.gold.name, version: metrics.gold.version, sha256: metrics.gold.labels_sha256, samples: metrics.gold.samples },
    },
    run: run ? { startedAt: run.started_at, finishedAt: run.finished_at, elapsedMs: run.elapsed_ms, status: run.status } : null,
    prompts: results.prompts,
    notes: results.notes,
    ranking: metrics.ranking ?? null,
    now: options.now,
  });
}

/** Render a run's report.html and report.md into `outDir`. */
export function writeRunReport(results: RunResults, options: RunReportOptions & { outDir: string }): WrittenReport {
  return writeReportFiles(runReportModel(results, options), options.outDir);
}

/** run.json's per-configuration numbers as the report shows them; cost per sample at list price (cache hits included). */
export function configStats(s: ConfigRunStats): ConfigStats {
  const done = s.labeled + s.failed;
  const cost = s.cost_usd_full ?? s.cost_usd;
  const per = (v: number | null) => (v === null || done === 0 ? null : v / done);
  return {
    samples: s.samples,
    labeled: s.labeled,
    failed: s.failed,
    costUsd: cost,
    costPerSample: per(cost),
    tokens: { prompt: s.tokens.prompt, completion: s.tokens.completion, cached: s.tokens.cached },
    tokensPerSample: per(s.tokens.prompt + s.tokens.completion),
    latencyP50: s.latency_ms.p50,
    latencyP95: s.latency_ms.p95,
    failureRate: done === 0 ? null : s.failed / done,
    unmappedRate: s.unmapped_rate,
    arbitrationRate: s.arbitration_rate,
    cacheHitRate: s.cache.hit_rate,
  };
}

/** The template files of a prompt version the run used, as they are in its folder, for the diff. */
export function promptText(version: string, prompt: Pick<PromptVersion, 'hash' | 'dir'>): PromptText {
  const files = Object.fromEntries(CALLS.map((call) => [`${call}.hbs`, readFileSync(join(prompt.dir, `${call}.hbs`), 'utf8')]));
  return { version, hash: prompt.hash, files };
}

/** Per configuration: gold id -> labels of its first repeat (sample_index 0; a later line of the same id wins). */
function predictions(results: RunResults): Map<string, Map<string, Labels | null>> {
  const out = new Map<string, Map<string, Labels | null>>();
  for (const name of Object.keys(results.metrics.configs)) {
    const lines = results.lines.get(name);
    if (lines) out.set(name, new Map(lines.filter((l) => l.sample_index === 0).map((l) => [l.id, l.labels])));
  }
  return out;
}

/** Sample records by id for excerpts: the gold set's, else (an id the gold set lacks) the first configuration's line. */
function samplesOf(results: RunResults): Map<string, unknown> {
  const samples = new Map<string, unknown>(results.gold.samples.map((r) => [r.value.id, r.value]));
  for (const name of Object.keys(results.metrics.configs)) {
    const lines = new Map((results.lines.get(name) ?? []).filter((l) => l.sample_index === 0).map((l) => [l.id, l]));
    for (const [id, line] of lines) if (!samples.has(id)) samples.set(id, line);
  }
  return samples;
}

function annotationsOf(gold: GoldSet): Map<string, Map<string, Labels>> {
  return new Map(Object.entries(gold.annotations).map(([who, rows]) => [who, new Map(rows.map((r) => [r.value.id, r.value.labels]))]));
}
