import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CALLS, loadPromptVersion } from '../prompts/index.js';
import { goldMaps, readGoldSet } from '../gold/index.js';
import { InputError } from '../errors/index.js';
import { loadTaxonomy, type Labels, type Taxonomy } from '../taxonomy/index.js';
import { buildReportModel, type ConfigInput } from './build.js';
import type { ConfigStats, PromptText, ReportModel } from './model.js';
import { readJsonFile } from './read-json.js';
import { MetricsFileSchema, readRunLines, RunRecordSchema, type ConfigRunStats, type MetricsFile, type RunRecord } from '../runner/index.js';

export interface LoadReportOptions {
  /** Gold set folder; default: the one metrics.json names, resolved against the experiment file, then the run folder and cwd. */
  gold?: string;
  /** Default: the bundled taxonomy. */
  taxonomy?: Taxonomy;
  /** Folder of prompt versions for the template diff; default the bundled src/prompts. */
  promptsDir?: string;
  /** Folder relative paths in run.json are taken from; default process.cwd(). */
  cwd?: string;
  now?: () => Date;
}

/**
 * Read a run folder (reports/<experiment>/: metrics.json, run.json, runs/<config>.jsonl, parsed with the runner's
 * schemas) and the gold set it was scored against into a ReportModel. No model calls: everything comes from saved results. metrics.json is required;
 * anything else that is missing leaves its part of the report empty and adds a note.
 */
export function loadReportModel(runDir: string, options: LoadReportOptions = {}): ReportModel {
  const metricsFile = join(runDir, 'metrics.json');
  if (!existsSync(metricsFile)) {
    throw new InputError(`${runDir}: no metrics.json (not a run folder, or the run was interrupted before scoring)`, { file: runDir });
  }
  const notes: string[] = [];
  const metrics = readJsonFile(metricsFile, MetricsFileSchema);
  const runFile = join(runDir, 'run.json');
  const run = existsSync(runFile) ? readJsonFile(runFile, RunRecordSchema) : null;
  if (!run) notes.push('run.json is missing: no versions of prompts, timings, cost or latency.');
  const taxonomy = options.taxonomy ?? loadTaxonomy();
  const lines = readConfigLines(runDir, Object.keys(metrics.configs), notes);
  const gold = readGold(findGoldDir(metrics, run, runDir, options), notes);
  const samples = new Map<string, unknown>([...gold.samples]);
  for (const perConfig of lines.values()) for (const [id, rec] of perConfig.records) if (!samples.has(id)) samples.set(id, rec);
  const configs: ConfigInput[] = Object.entries(metrics.configs).map(([name, c]) => ({
    name,
    model: c.model,
    prompt: c.prompt,
    axes: c.axes,
    score: c.score,
    vsBaseline: c.vs_baseline,
    stats: run?.configs[name] ? configStats(run.configs[name]) : null,
    preds: lines.get(name)?.preds,
  }));
  return buildReportModel({
    experiment: metrics.experiment,
    taxonomy,
    baseline: metrics.baseline_config,
    configs,
    gold: { labels: gold.labels, samples, annotations: gold.annotations },
    versions: {
      tool: run?.tool_version ?? 'unknown',
      taxonomy: metrics.taxonomy_version,
      prompts: Object.fromEntries(Object.entries(run?.prompts ?? {}).map(([k, v]) => [k, v.hash])),
      gold: { name: metrics.gold.name, version: metrics.gold.version, sha256: metrics.gold.labels_sha256, samples: metrics.gold.samples },
    },
    run: run ? { startedAt: run.started_at, finishedAt: run.finished_at, elapsedMs: run.elapsed_ms, status: run.status } : null,
    prompts: readPrompts(run, options.promptsDir, notes),
    notes,
    now: options.now,
  });
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

interface ConfigLines {
  preds: Map<string, Labels | null>;
  records: Map<string, unknown>;
}

/** Each configuration's runs file, through the runner's one reader of runs files (readRunLines). */
function readConfigLines(runDir: string, names: string[], notes: string[]): Map<string, ConfigLines> {
  const out = new Map<string, ConfigLines>();
  for (const name of names) {
    const file = join(runDir, 'runs', `${name}.jsonl`);
    if (!existsSync(file)) {
      notes.push(`runs/${name}.jsonl is missing: configuration ${name} is left out of the disagreement explorer.`);
      continue;
    }
    let skipped = 0;
    const rows = readRunLines(file, { onSkip: () => skipped++ });
    if (skipped) notes.push(`runs/${name}.jsonl: ${skipped} unreadable line(s) skipped.`);
    const preds = new Map<string, Labels | null>();
    const records = new Map<string, unknown>();
    for (const r of rows.filter((l) => l.sample_index === 0)) {
      preds.set(r.id, r.labels);
      records.set(r.id, r);
    }
    out.set(name, { preds, records });
  }
  return out;
}

/** Where the gold set is: explicit, else metrics.json's path (as the experiment file wrote it) from likely bases. */
function findGoldDir(metrics: MetricsFile, run: RunRecord | null, runDir: string, options: LoadReportOptions): string | null {
  const cwd = options.cwd ?? process.cwd();
  if (options.gold) return resolve(cwd, options.gold);
  const p = metrics.gold.path;
  if (!p) return null;
  if (isAbsolute(p)) return existsSync(p) ? p : null;
  const bases = [run?.experiment.file ? dirname(resolve(cwd, run.experiment.file)) : null, cwd, runDir, dirname(runDir), join(cwd, 'experiments')];
  for (const base of bases) if (base && existsSync(join(base, p, 'labels.jsonl'))) return join(base, p);
  return null;
}

interface GoldData {
  labels: Map<string, Labels>;
  samples: Map<string, unknown>;
  annotations: Map<string, Map<string, Labels>>;
}

function readGold(dir: string | null, notes: string[]): GoldData {
  const empty: GoldData = { labels: new Map(), samples: new Map(), annotations: new Map() };
  if (!dir) {
    notes.push('gold set not found (pass --gold): no disagreement explorer and no inter-annotator ceiling.');
    return empty;
  }
  const { set, problems } = readGoldSet(dir);
  if (problems.length) notes.push(`gold set ${dir}: ${problems.length} problem(s) when reading it (gold validate lists them).`);
  return goldMaps(set);
}

/** Template files of the prompt versions in run.json, for the diff; a version whose files changed since is noted. */
function readPrompts(run: RunRecord | null, promptsDir: string | undefined, notes: string[]): PromptText[] {
  const out: PromptText[] = [];
  for (const [version, { hash }] of Object.entries(run?.prompts ?? {})) {
    try {
      const p = loadPromptVersion(version, promptsDir ? { dir: promptsDir } : {});
      if (p.hash !== hash) notes.push(`prompt ${version} changed since the run (hash ${hash} then, ${p.hash} now): the diff shows today's files.`);
      const files = Object.fromEntries(CALLS.map((call) => [`${call}.hbs`, readFileSync(join(p.dir, `${call}.hbs`), 'utf8')]));
      out.push({ version, hash, files });
    } catch (err) {
      notes.push(`prompt ${version}: templates not readable (${(err as Error).message.split('\n')[0]}).`);
    }
  }
  return out;
}
