import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CacheMode } from '../cache/index.js';
import { ConfigError, RunIncompleteError } from '../errors/index.js';
import { readGoldLabels, type Correction } from '../score/index.js';
import { runExperiment } from '../runner/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import type { ProgressStream } from '../util/progress.js';
import { readBaseline } from './baseline.js';
import { resolveCandidates } from './candidates.js';
import { evaluateGates, type CurrentConfig, type GateReport } from './evaluate.js';
import { gatePower, renderPowerMarkdown, renderPowerText, type GatePower } from './power.js';
import { renderJunit, renderJunitError } from './junit.js';
import { readRunLabels, stoppedConfigs } from './run-labels.js';
import { apiKeyVariable, defaultCiCacheMode, gateCacheDir, loadGateExperiment, type GateRunOptions } from './setup.js';
import { renderGateMarkdown, renderGateText } from './summary.js';

export interface CiGateOptions extends GateRunOptions {
  /** `--baseline`: overrides the experiment's `baseline` path. */
  baseline?: string;
  /** Explicit `--cache` mode; default read-only without an API key in the environment, read-write with one. */
  cacheMode?: CacheMode;
  cacheDir?: string;
  cacheStore?: string;
  /** Output folder; default reports/<experiment>. */
  outDir?: string;
  /** `--correction`: overrides the experiment's gates.correction. */
  correction?: Correction;
  /** `--junit FILE`: JUnit XML, one test case per configuration x dimension. */
  junit?: string;
  /** A file to append the Markdown summary to (GitHub's $GITHUB_STEP_SUMMARY); none when absent. */
  stepSummary?: string;
  progress?: ProgressStream;
}

export interface CiGateResult {
  report: GateReport;
  /** What the gold set can detect per configuration x dimension, and the underpowered gates. */
  power: GatePower;
  baselinePath: string;
  cacheMode: CacheMode;
  /** Name of the API-key variable found, or null (never its value). */
  keyVariable: string | null;
  outDir: string;
  /** HTTP requests the run sent (0 on a full replay). */
  httpRequests: number;
  text: string;
  markdown: string;
}

/**
 * The CI gate: load experiment and baseline (a bad file exits 2 before anything runs) -> run the experiment fresh
 * through the cache (read-only without a key: a miss exits 1 naming it) -> refuse to judge a run whose samples got no
 * answer (endpoint down: exit 1) -> paired comparison with the baseline per configuration x dimension -> gate.json,
 * JUnit, step summary. The caller turns a failed report into exit 100.
 */
export async function runCiGate(options: CiGateOptions): Promise<CiGateResult> {
  try {
    return await gate(options);
  } catch (err) {
    // No verdict: still leave the CI system a JUnit error and a summary saying why, then fail as before.
    const message = err instanceof Error ? err.message : String(err);
    const cwd = options.cwd ?? process.cwd();
    const name = basename(options.experimentFile).replace(/\.ya?ml$/, '');
    if (options.junit) writeText(resolve(cwd, options.junit), renderJunitError(name, message));
    if (options.stepSummary) appendFileSync(options.stepSummary, `## sft-label CI gate: ${name} — not evaluated\n\n${message.split('\n').map((l) => `    ${l}`).join('\n')}\n\n`);
    throw err;
  }
}

async function gate(options: CiGateOptions): Promise<CiGateResult> {
  const cwd = options.cwd ?? process.cwd();
  const experiment = loadGateExperiment(options);
  const baselinePath = options.baseline ? resolve(cwd, options.baseline) : experiment.baselinePath;
  if (!baselinePath) {
    throw new ConfigError(`${experiment.file}: no baseline to compare with: set \`baseline:\` in the experiment or pass --baseline FILE`, [], { file: experiment.file });
  }
  const baseline = readBaseline(baselinePath);
  const candidates = resolveCandidates(experiment);
  const keyVariable = apiKeyVariable(experiment, options);
  const cacheMode = options.cacheMode ?? defaultCiCacheMode(keyVariable);
  const run = await runExperiment({
    experimentFile: options.experimentFile, env: options.env, cacheMode, cacheStore: options.cacheStore,
    // A file store reads the gate's own folder; sqlite/redis stores take their location from SFT_LABEL_CACHE_URL.
    cacheDir: gateCacheDir(experiment, options.cacheDir, cwd),
    // Fresh: every sample goes through the cache again, so a replay proves the committed cache is complete.
    fresh: true, outDir: options.outDir, models: options.models, promptsDir: options.promptsDir, baseUrl: options.baseUrl, cwd,
    progress: options.progress,
  });
  const current = new Map<string, CurrentConfig>();
  const transport: string[] = [];
  for (const [name, path] of Object.entries(run.paths.runs)) {
    const read = readRunLabels(path);
    transport.push(...read.transportFailures.map((f) => `${name} ${f.id}: ${f.error}`));
    const prompt = run.run.configs[name]?.prompt ?? null;
    current.set(name, { labels: read.labels, repeatLabels: read.repeatLabels, promptHash: prompt ? (run.run.prompts[prompt]?.hash ?? null) : null });
  }
  const stopped = stoppedConfigs(run.run);
  if (stopped.length) throw new RunIncompleteError(`${stopped.length} configuration(s) stopped early; not judging a partial run:\n${stopped.map((t) => `  - ${t}`).join('\n')}`, stopped);
  if (transport.length) {
    throw new RunIncompleteError(`${transport.length} sample(s) got no answer from the endpoint; not judging a partial run:\n${transport.slice(0, 20).map((t) => `  - ${t}`).join('\n')}`, transport);
  }
  const goldLabels = await readGoldLabels(experiment.goldPath);
  const report = evaluateGates({
    experiment: experiment.name, gates: { ...experiment.gates, ...(options.correction ? { correction: options.correction } : {}) }, taxonomy: loadTaxonomy(), gold: goldLabels,
    goldVersion: run.run.gold, current, baseline, candidates,
  });
  // Power at the level a check must reach: with Holm or BH over m checks, a lone real drop needs p < alpha / m.
  const perCheckAlpha = (1 - experiment.gates.confidence) / (report.correction === 'none' ? 1 : Math.max(1, report.family_size));
  const power = gatePower({ gates: { ...experiment.gates, confidence: 1 - 2 * perCheckAlpha }, taxonomy: loadTaxonomy(), gold: goldLabels, current, baseline });
  const shownBaseline = displayPath(baselinePath, cwd);
  const markdown = `${renderGateMarkdown(report, shownBaseline)}\n${renderPowerMarkdown(power)}`;
  writeFileSync(join(run.outDir, 'gate.json'), `${JSON.stringify({ ...report, baseline: shownBaseline, cache_mode: cacheMode, power }, null, 2)}\n`);
  writeFileSync(join(run.outDir, 'gate.md'), markdown);
  if (options.junit) writeText(resolve(cwd, options.junit), renderJunit(report));
  if (options.stepSummary) appendFileSync(options.stepSummary, stepSummary(markdown, run.outDir));
  const httpRequests = Object.values(run.run.configs).reduce((s, c) => s + c.http_requests, 0);
  return { report, power, baselinePath, cacheMode, keyVariable, outDir: run.outDir, httpRequests, text: `${renderGateText(report, shownBaseline)}${renderPowerText(power)}`, markdown };
}

/** The gate verdict, then the run's report.md (the full comparison) when it was written. */
function stepSummary(gate: string, outDir: string): string {
  const report = join(outDir, 'report.md');
  return existsSync(report) ? `${gate}\n${readFileSync(report, 'utf8')}\n` : `${gate}\n`;
}

function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function displayPath(path: string, cwd: string): string {
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}
