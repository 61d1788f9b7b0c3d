import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../errors/index.js';
import { goldVersion, readGoldSet } from '../gold/index.js';
import { loadPromptVersion } from '../prompts/index.js';
import { readJsonFile, type PromptText, type WrittenReport } from '../report/index.js';
import { loadTaxonomy, type Labels, type Taxonomy } from '../taxonomy/index.js';
import { writeRunReport, promptText, type RunResults } from './report.js';
import { MetricsFileSchema, RunRecordSchema, type MetricsFile, type RunLine, type RunRecord } from './results.js';
import { readRunLines } from './runs-file.js';

export interface ReadRunOptions {
  /** `--gold DIR` (taken from cwd): the gold set folder; default the one run.json names. */
  gold?: string;
  /** Folder of prompt versions for the template diff; default the bundled src/prompts. */
  promptsDir?: string;
  /** Folder `--gold` and an older run.json's experiment file are taken from; default process.cwd(). */
  cwd?: string;
}

/**
 * A run folder's saved results (metrics.json, run.json, runs/<config>.jsonl, parsed with the runner's schemas) and
 * the gold set run.json names. metrics.json is required, and so is the gold set; a missing run.json or runs file
 * leaves its part of the report empty and adds a note.
 */
export function readRunFolder(runDir: string, options: ReadRunOptions = {}): RunResults {
  const metricsFile = join(runDir, 'metrics.json');
  if (!existsSync(metricsFile)) {
    throw new InputError(`${runDir}: no metrics.json (not a run folder, or the run was interrupted before scoring)`, { file: runDir });
  }
  const notes: string[] = [];
  const metrics = readJsonFile(metricsFile, MetricsFileSchema);
  const runFile = join(runDir, 'run.json');
  const run = existsSync(runFile) ? readJsonFile(runFile, RunRecordSchema) : null;
  if (!run) notes.push('run.json is missing: no versions of prompts, timings, cost or latency.');
  const lines = readConfigLines(runDir, Object.keys(metrics.configs), notes);
  const goldDir = goldDirOf(runDir, metrics, run, options);
  const { set: gold, problems } = readGoldSet(goldDir);
  if (problems.length) notes.push(`gold set ${goldDir}: ${problems.length} problem(s) when reading it (gold validate lists them).`);
  const now = goldVersion(goldDir).labels_sha256;
  if (now !== metrics.gold.labels_sha256) {
    notes.push(`gold labels in ${goldDir} changed since the run (labels sha256 ${metrics.gold.labels_sha256.slice(0, 12)} then, ${now.slice(0, 12)} now): the explorer compares with today's labels, the scores with the run's.`);
  }
  // The run labeled the first `samples` gold samples in file order (options.limit); the explorer shows those.
  const selected = new Set(gold.samples.slice(0, metrics.gold.samples).map((s) => s.value.id));
  const goldLabels = new Map<string, Labels>(gold.labels.filter((l) => selected.has(l.value.id)).map((l) => [l.value.id, l.value.labels]));
  return { metrics, run, lines, gold, goldLabels, prompts: readPrompts(run, options.promptsDir, notes), notes };
}

/** `sft-label report RUN_DIR`: read the run folder -> the same report model as at the end of the run -> write. */
export function renderRunReport(runDir: string, options: ReadRunOptions & { outDir?: string; taxonomy?: Taxonomy; now?: () => Date } = {}): WrittenReport {
  const results = readRunFolder(runDir, options);
  return writeRunReport(results, { taxonomy: options.taxonomy ?? loadTaxonomy(), now: options.now, outDir: options.outDir ?? runDir });
}

/**
 * The gold set a runs file (reports/<experiment>/runs/<config>.jsonl) was scored against: `--gold`, else the one its
 * run folder's run.json names. For `report --labels --calibrate-with` and `drift --calibrate-with`.
 */
export function goldDirOfRunsFile(runsFile: string, options: ReadRunOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  if (options.gold) return resolve(cwd, options.gold);
  const runDir = dirname(dirname(resolve(cwd, runsFile)));
  const metricsFile = join(runDir, 'metrics.json');
  if (!existsSync(metricsFile)) {
    throw new InputError(`${runsFile}: not a runs file of a run folder (no ${metricsFile}), so its gold set is not known; pass --gold DIR`, { file: runsFile });
  }
  const runFile = join(runDir, 'run.json');
  return goldDirOf(runDir, readJsonFile(metricsFile, MetricsFileSchema), existsSync(runFile) ? readJsonFile(runFile, RunRecordSchema) : null, options);
}

/**
 * The gold set folder: `--gold`, else run.json's `gold.dir` (relative to the run folder). A run.json written before
 * `gold.dir` existed names only the experiment's `gold:` as written, which the run took from the experiment file's
 * folder; that is where it is looked for (the experiment file as run.json names it, from cwd), and nowhere else.
 */
function goldDirOf(runDir: string, metrics: MetricsFile, run: RunRecord | null, options: ReadRunOptions): string {
  const cwd = options.cwd ?? process.cwd();
  if (options.gold) return resolve(cwd, options.gold);
  const runFile = join(runDir, 'run.json');
  const hint = 'pass --gold DIR to name the gold set it was scored against';
  if (run?.gold.dir !== undefined) {
    const dir = resolve(runDir, run.gold.dir);
    if (existsSync(dir)) return dir;
    throw new InputError(`${runFile}: gold.dir "${run.gold.dir}" (${dir}) does not exist; ${hint}`, { file: runFile, path: 'gold.dir' });
  }
  const written = run?.gold.path ?? metrics.gold.path;
  if (isAbsolute(written) && existsSync(written)) return written;
  if (!run) throw new InputError(`${runDir}: run.json is missing, so the folder of the gold set "${written}" is not known; ${hint}`, { file: runDir });
  const experimentDir = dirname(resolve(cwd, run.experiment.file));
  const dir = resolve(experimentDir, written);
  if (existsSync(join(dir, 'labels.jsonl'))) return dir;
  throw new InputError(
    `${runFile} names no gold.dir (written by an older version), and its experiment's gold "${written}" taken from ` +
      `the experiment's folder ${experimentDir} is not a gold set (no ${join(dir, 'labels.jsonl')}); ${hint}`,
    { file: runFile, path: 'gold.path' },
  );
}

/** Each configuration's lines of sample_index 0..; a missing runs file or skipped lines become notes. */
function readConfigLines(runDir: string, names: string[], notes: string[]): Map<string, RunLine[]> {
  const out = new Map<string, RunLine[]>();
  for (const name of names) {
    const file = join(runDir, 'runs', `${name}.jsonl`);
    if (!existsSync(file)) {
      notes.push(`runs/${name}.jsonl is missing: configuration ${name} is left out of the disagreement explorer.`);
      continue;
    }
    let skipped = 0;
    const rows = readRunLines(file, { onSkip: () => skipped++ });
    if (skipped) notes.push(`runs/${name}.jsonl: ${skipped} unreadable line(s) skipped.`);
    out.set(name, rows);
  }
  return out;
}

/** Template files of the prompt versions in run.json, for the diff; a version whose files changed since is noted. */
function readPrompts(run: RunRecord | null, promptsDir: string | undefined, notes: string[]): PromptText[] {
  const out: PromptText[] = [];
  for (const [version, { hash }] of Object.entries(run?.prompts ?? {})) {
    try {
      const p = loadPromptVersion(version, promptsDir ? { dir: promptsDir } : {});
      if (p.hash !== hash) notes.push(`prompt ${version} changed since the run (hash ${hash} then, ${p.hash} now): the diff shows today's files.`);
      out.push(promptText(version, { hash, dir: p.dir }));
    } catch (err) {
      notes.push(`prompt ${version}: templates not readable (${(err as Error).message.split('\n')[0]}).`);
    }
  }
  return out;
}
