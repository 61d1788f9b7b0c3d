import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CacheMode } from '../cache/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { packagePath } from '../util/paths.js';
import type { ProgressStream } from '../util/progress.js';
import type { WrittenReport } from '../report/index.js';
import type { ConfigJobs } from './jobs.js';
import { keepInHistory } from './history.js';
import { labelAll } from './label-all.js';
import { createBreaker } from '../labelers/breaker.js';
import { buildMetrics, configFailure, metricsInputsHash, type BuildMetricsOptions } from './metrics.js';
import { cascadeAsConfiguration, scoreCascade, type RunCascade } from './cascades.js';
import { expandCascades } from './matrix.js';
import { promptText, writeRunReport, type RunResults } from './report.js';
import { MetricsFileSchema, type MetricsFile, type RunLine, type RunRecord } from './results.js';
import { cacheMissError, runRecord } from './run-record.js';
import { jobKey, openRunsWriter, readPriorRuns, readRunLines } from './runs-file.js';
import { openRun, type RunSetup } from './setup.js';
import type { Stop } from '../util/stop.js';
import { acquireOwnerLock, type OwnerLock } from '../util/owner-lock.js';

export interface RunExperimentOptions {
  experimentFile: string;
  /** Environment: endpoint, key (never written anywhere), SFT_LABEL_CACHE_DIR, SFT_LABEL_CACHE_URL. */
  env: Readonly<Record<string, string | undefined>>;
  /** `--cache`; default read-write. read-only ends with a CacheMissError listing every missing request. */
  cacheMode?: CacheMode;
  /** `--cache-dir`; default the experiment's `cache:`, else $SFT_LABEL_CACHE_DIR, else .sft-label/cache. */
  cacheDir?: string;
  /** Cache store name (file, sqlite, redis); default file. */
  cacheStore?: string;
  /** Start over: delete earlier runs files instead of resuming them. Default false. */
  fresh?: boolean;
  /** Overrides options.concurrency: most requests in flight per endpoint. */
  concurrency?: number;
  /** Overrides options.limit: label only the first N gold samples. */
  limit?: number;
  baseUrl?: string;
  /** Model registry file (`--models`). */
  models?: string;
  /** Folder of prompt versions; default the bundled src/prompts (a CI check of an edited copy points here). */
  promptsDir?: string;
  /** Output folder; default <cwd>/reports/<experiment name>. */
  outDir?: string;
  /** Folder relative paths are taken from; default process.cwd(). */
  cwd?: string;
  /** Where to draw one progress line per configuration (stderr in the CLI); none when absent. */
  progress?: ProgressStream;
  /** Stop starting new samples; those in flight are written. The result says `interrupted`. */
  signal?: AbortSignal;
  /**
   * Ctrl-C in two steps (src/util/stop.ts): `soft` as `signal`, and no request is sent after it (a sample whose call
   * was not sent is not written); `hard` cancels the requests in flight.
   */
  stop?: Stop;
  /** Recorded in run.json. */
  toolVersion?: string;
  /** Write report.html and report.md of a scored run into the output folder. Default true. */
  report?: boolean;
  /** Clock for the report's generatedAt; default now. */
  now?: () => Date;
}

export interface RunExperimentResult {
  outDir: string;
  /** Null when the run was interrupted (metrics of a partial run would mislead). */
  metrics: MetricsFile | null;
  run: RunRecord;
  interrupted: boolean;
  paths: { metrics: string; run: string; runs: Record<string, string> };
  /** report.html and report.md of the run; null when it was interrupted or `report: false`. */
  report: WrittenReport | null;
  /** history/<id>/ where this scored run is kept (src/runner/history.ts); null when it was not scored. */
  history: string | null;
}

/**
 * Run an experiment: load experiment, gold and configurations -> label every (configuration, sample, repeat) not
 * finished earlier, through the cache and one adaptive limiter per endpoint -> score -> write metrics.json and
 * run.json -> hand what the run holds (scores, lines, the gold set it read) to the report. A read-only cache that
 * lacks requests ends the run with a CacheMissError naming each one.
 */
export async function runExperiment(options: RunExperimentOptions): Promise<RunExperimentResult> {
  const startedAt = new Date();
  const cwd = options.cwd ?? process.cwd();
  const cacheMode = options.cacheMode ?? 'read-write';
  const setup = await openRun({ ...options, cwd, cacheMode });
  let lock: OwnerLock | null = null;
  try {
    const outDir = resolve(cwd, options.outDir ?? join('reports', setup.experiment.name));
    mkdirSync(outDir, { recursive: true });
    // One run per report folder while it lives; a crashed owner's lock is taken over (src/util/owner-lock.ts).
    lock = acquireOwnerLock(join(outDir, 'run.lock'), { what: `report folder ${outDir}` });
    const jobs = openConfigJobs(setup, outDir, options.fresh ?? false);
    const soft = options.stop && options.signal ? AbortSignal.any([options.stop.soft, options.signal]) : (options.stop?.soft ?? options.signal);
    const tally = await labelAll(setup, jobs, { progress: options.progress, ...(soft ? { signal: soft } : {}) });
    const lines = finishedLines(setup, jobs);
    const misses = setup.runtimes.flatMap((r) => r.cache?.missing() ?? []);
    const status = tally.interrupted ? 'interrupted' : misses.length ? 'cache-misses' : 'complete';
    const toolVersion = options.toolVersion ?? packageVersion();
    // Cascades are combined from their configurations' answers once every one is in: no request of their own.
    const cascades = status === 'complete' ? scoreCascades(setup, lines, outDir) : [];
    const run = runRecord({ setup, jobs, lines, tally, startedAt, status, cacheMode, cwd, outDir, toolVersion, cascades });
    const paths = {
      metrics: join(outDir, 'metrics.json'),
      run: join(outDir, 'run.json'),
      runs: Object.fromEntries([...jobs.map((j) => [j.runtime.config.name, j.writer.path] as const), ...cascades.map((c) => [c.cascade.name, c.path] as const)]),
    };
    writeJson(paths.run, run);
    if (misses.length) throw cacheMissError(misses, setup.cache?.location ?? 'cache', outDir);
    const metrics = tally.interrupted ? null : scoreRuns(setup, lines, paths.metrics, toolVersion, cascades);
    if (metrics) writeJson(paths.metrics, metrics);
    const report = metrics && options.report !== false ? writeRunReport(runResults(setup, metrics, run, lines), { taxonomy: setup.taxonomy, now: options.now, outDir }) : null;
    // Every scored run is also kept in history/<id>/; the folder's own files stay the latest run.
    const history = metrics ? keepInHistory(outDir) : null;
    return { outDir, metrics, run, interrupted: tally.interrupted, paths, report, history };
  } finally {
    lock?.release();
    await setup.close();
  }
}

/** Each configuration's lines for this run's selection (a runs file may hold more from a run with a larger --limit). */
function finishedLines(setup: RunSetup, jobs: readonly ConfigJobs[]): Map<string, RunLine[]> {
  const wanted = new Set(setup.samples.map((s) => s.id));
  const inSelection = (l: RunLine): boolean => wanted.has(l.id) && l.sample_index < setup.repeats;
  return new Map(jobs.map((j) => [j.runtime.config.name, readRunLines(j.writer.path).filter(inSelection)]));
}

function openConfigJobs(setup: RunSetup, outDir: string, fresh: boolean): ConfigJobs[] {
  mkdirSync(join(outDir, 'runs'), { recursive: true });
  return setup.runtimes.map((runtime) => {
    const path = join(outDir, 'runs', `${runtime.config.name}.jsonl`);
    const writer = openRunsWriter(path, { fresh });
    const prior = readPriorRuns(path, runtime.fingerprint);
    const breaker = createBreaker({ model: runtime.config.model });
    const resumed = setup.samples.reduce((n, s) => n + Array.from({ length: setup.repeats }, (_, i) => prior.finished.has(jobKey(s.id, i))).filter(Boolean).length, 0);
    return { runtime, writer, prior, resumed, breaker };
  });
}

/** What the report is made from, as this run holds it: nothing is read back or looked for. */
function runResults(setup: RunSetup, metrics: MetricsFile, run: RunRecord, lines: Map<string, RunLine[]>): RunResults {
  const prompts = [...setup.prompts].map(([version, p]) => promptText(version, p));
  return { metrics, run, lines, gold: setup.goldSet, goldLabels: setup.goldLabels, prompts, notes: [] };
}

/** metrics.json for the runs; an existing one made from the same inputs is reused rather than scored again. */
function scoreRuns(setup: RunSetup, lines: Map<string, RunLine[]>, path: string, toolVersion: string, cascades: readonly RunCascade[]): MetricsFile {
  const names = setup.runtimes.map((r) => r.config.name);
  const baseline = setup.experiment.baseline && names.includes(setup.experiment.baseline) ? setup.experiment.baseline : (names[0] ?? '');
  const input: BuildMetricsOptions = {
    experiment: setup.experiment.name,
    taxonomy: setup.taxonomy,
    gold: setup.gold,
    goldLabels: setup.goldLabels,
    configs: [
      ...setup.runtimes.map((r) => ({ config: r.config, lines: lines.get(r.config.name) ?? [] })),
      ...cascades.map((c) => ({ config: cascadeAsConfiguration(c.cascade), lines: c.score.lines, cascade: c.score.info })),
    ],
    repeats: setup.repeats,
    baseline,
    toolVersion,
  };
  const earlier = readEarlierMetrics(path);
  if (earlier && earlier.inputs_sha256 === metricsInputsHash(input)) {
    // Files from before `failure` get it (same labels, same verdict); the scores are reused as written.
    for (const { config, lines: l } of input.configs) {
      const c = earlier.configs[config.name];
      if (c && c.failure === undefined) c.failure = configFailure(l);
    }
    return earlier;
  }
  return buildMetrics(input);
}

/**
 * Every cascade of the experiment from its configurations' lines: scored (src/cascade thresholds, cross-fitted on
 * the gold set), its lines written to runs/<cascade>.jsonl (rewritten each run: they are derived) and added to
 * `lines`, so the report and `report RUN_DIR` read it like any configuration.
 */
function scoreCascades(setup: RunSetup, lines: Map<string, RunLine[]>, outDir: string): RunCascade[] {
  const cascades = expandCascades(setup.experiment, setup.runtimes.map((r) => r.config));
  const prices = new Map(setup.runtimes.map((r) => [r.config.model, r.model?.prices ?? null] as const));
  return cascades.map((cascade) => {
    const score = scoreCascade({
      cascade,
      firstLines: lines.get(cascade.first.name) ?? [],
      thenLines: lines.get(cascade.then.name) ?? [],
      goldLabels: setup.goldLabels,
      taxonomy: setup.taxonomy,
      priceOf: (model) => prices.get(model) ?? null,
    });
    const path = join(outDir, 'runs', `${cascade.name}.jsonl`);
    writeFileAtomic(path, score.lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    lines.set(cascade.name, score.lines);
    return { cascade, score, path };
  });
}

function readEarlierMetrics(path: string): MetricsFile | null {
  if (!existsSync(path)) return null;
  try {
    // The file as written, not the parsed copy: a schema that strips a field must not change the bytes on reuse.
    const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return MetricsFileSchema.safeParse(raw).success ? (raw as MetricsFile) : null;
  } catch {
    return null;
  }
}

function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}
