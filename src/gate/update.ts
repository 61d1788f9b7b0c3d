import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openCache, type CacheMode } from '../cache/index.js';
import { CacheMissError, ConfigError, RunIncompleteError } from '../errors/index.js';
import { runExperiment } from '../runner/index.js';
import type { ProgressStream } from '../util/progress.js';
import { buildBaseline, writeBaseline, type BaselineConfigInput, type BaselineFile } from './baseline.js';
import { exportCacheEntries, type ExportResult } from './cache-export.js';
import { collectNeededEntries } from './replay.js';
import { readRunLabels, stoppedConfigs } from './run-labels.js';
import { gateCacheDir, loadGateExperiment, type GateRunOptions } from './setup.js';

export interface UpdateBaselineOptions extends GateRunOptions {
  /** Where to write the baseline; default the experiment's `baseline` path. */
  baseline?: string;
  /** Cache mode of the run against the working cache; default read-write (needs a key for what is not cached). */
  cacheMode?: CacheMode;
  /** The cache folder CI replays from (`--cache-dir`, else the experiment's `cache:`, else cache/<name>/): entries go here. */
  cacheDir?: string;
  /** `--from-cache DIR`: a working cache to run against and copy from; default the target folder itself. */
  fromCache?: string;
  /**
   * Delete entries of the target folder that the experiment does not use. Default: true when the folder is the
   * experiment's own (its `cache:` or cache/<name>/), false for a `--cache-dir` that may serve others too.
   */
  prune?: boolean;
  /** Output folder of the run; default reports/<experiment>. */
  outDir?: string;
  progress?: ProgressStream;
  /** ISO timestamp written into the baseline; default now. */
  now?: () => string;
}

export interface UpdateBaselineResult {
  baselinePath: string;
  baseline: BaselineFile;
  cacheDir: string;
  export: ExportResult;
  /** Read-only replays it took to find every needed entry (0 for an experiment without LLM configurations). */
  rounds: number;
  /** Whether entries the experiment does not use were deleted from the folder. */
  pruned: boolean;
}

/**
 * Pin a new baseline: run the experiment fresh (filling the working cache as needed) -> find exactly the entries a
 * read-only replay needs -> copy them into the target cache folder (optionally pruning the rest) -> write the
 * baseline with the metrics, per-sample labels and versions. Commit both and CI replays with no key.
 */
export async function updateBaseline(options: UpdateBaselineOptions): Promise<UpdateBaselineResult> {
  const cwd = options.cwd ?? process.cwd();
  const experiment = loadGateExperiment(options);
  const baselinePath = options.baseline ? resolve(cwd, options.baseline) : experiment.baselinePath;
  if (!baselinePath) throw new ConfigError(`${experiment.file}: no baseline path: set \`baseline:\` in the experiment or pass --baseline FILE`, [], { file: experiment.file });
  const targetDir = gateCacheDir(experiment, options.cacheDir, cwd);
  const prune = options.prune ?? options.cacheDir === undefined;
  const workDir = options.fromCache ? resolve(cwd, options.fromCache) : targetDir;
  const common = { experimentFile: options.experimentFile, env: options.env, models: options.models, promptsDir: options.promptsDir, baseUrl: options.baseUrl, cwd, cacheStore: 'file' };
  const run = await runExperiment({ ...common, cacheMode: options.cacheMode ?? 'read-write', cacheDir: workDir, fresh: true, outDir: options.outDir, progress: options.progress });
  if (!run.metrics) throw new RunIncompleteError('the run was interrupted: no baseline written (run again to finish it)');
  const stopped = stoppedConfigs(run.run);
  if (stopped.length) throw new RunIncompleteError(`${stopped.length} configuration(s) stopped early: no baseline written:\n${stopped.map((t) => `  - ${t}`).join('\n')}`, stopped);
  const configs: BaselineConfigInput[] = [];
  const failures: string[] = [];
  for (const [name, path] of Object.entries(run.paths.runs)) {
    const read = readRunLabels(path);
    failures.push(...read.transportFailures.map((f) => `${name} ${f.id}: ${f.error}`));
    const m = run.metrics.configs[name];
    if (!m) continue;
    configs.push({ name, model: m.model, prompt: m.prompt, promptHash: m.prompt ? (run.run.prompts[m.prompt]?.hash ?? null) : null, axes: m.axes, score: m.score, labels: read.labels, repeatLabels: read.repeatLabels });
  }
  if (failures.length) {
    throw new RunIncompleteError(`${failures.length} sample(s) got no answer; a baseline must not pin failures (run again):\n${failures.slice(0, 20).map((f) => `  - ${f}`).join('\n')}`, failures);
  }
  const needsCache = Object.values(run.run.configs).some((c) => c.prompt !== null);
  const { keys, rounds, exported } = needsCache
    ? await exportNeeded({ workDir, targetDir, prune, replay: (dir, out) => runExperiment({ ...common, cacheMode: 'read-only', cacheDir: dir, fresh: true, outDir: out, report: false }) })
    : { keys: new Set<string>(), rounds: 0, exported: { copied: 0, present: 0, missing: [], pruned: 0 } };
  const baseline = buildBaseline({
    experiment: experiment.name, toolVersion: run.run.tool_version, taxonomyVersion: run.run.taxonomy_version,
    gold: { name: run.run.gold.name, version: run.run.gold.version, labels_sha256: run.run.gold.labels_sha256, samples: run.run.gold.samples },
    prompts: run.run.prompts, configs, cacheKeys: keys, createdAt: options.now?.(),
  });
  writeBaseline(baselinePath, baseline);
  return { baselinePath, baseline, cacheDir: targetDir, export: exported, rounds, pruned: prune };
}

interface ExportNeededOptions {
  workDir: string;
  targetDir: string;
  prune: boolean;
  replay: (cacheDir: string, outDir: string) => Promise<unknown>;
}

async function exportNeeded(options: ExportNeededOptions): Promise<{ keys: Set<string>; rounds: number; exported: ExportResult }> {
  const scratchDir = mkdtempSync(join(tmpdir(), 'sft-label-baseline-'));
  const source = await openCache({ store: 'file', dir: options.workDir });
  const scratch = await openCache({ store: 'file', dir: join(scratchDir, 'cache') });
  try {
    const replay = async (): Promise<string[]> => {
      try {
        await options.replay(join(scratchDir, 'cache'), join(scratchDir, 'out'));
        return [];
      } catch (err) {
        if (err instanceof CacheMissError) return err.missing;
        throw err;
      }
    };
    const { keys, rounds } = await collectNeededEntries({ source, scratch, replay });
    const target = options.targetDir === options.workDir ? source : await openCache({ store: 'file', dir: options.targetDir });
    try {
      const exported = await exportCacheEntries({ from: scratch, to: target, keys, prune: options.prune });
      return { keys, rounds, exported };
    } finally {
      if (target !== source) await target.close();
    }
  } finally {
    await source.close();
    await scratch.close();
    rmSync(scratchDir, { recursive: true, force: true });
  }
}
