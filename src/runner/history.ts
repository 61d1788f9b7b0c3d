import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InputError } from '../errors/index.js';
import { readJsonFile } from '../report/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { didYouMeanSuffix } from '../util/didyoumean.js';
import { MetricsFileSchema, RunRecordSchema, type RunRecord } from './results.js';

/**
 * Run history: every scored run of an experiment is kept in `<run folder>/history/<id>/` (a run folder of its own:
 * metrics.json, run.json, runs/, report.html, report.md), while the run folder's own files stay the latest run, so
 * tools reading `reports/<experiment>/metrics.json` see what they always saw. `report --list` lists the history,
 * `report RUN_DIR --run <id>` renders a past run. The id is the run's start time (UTC, file-name safe).
 */

export const HISTORY_DIR = 'history';
const FILES = ['metrics.json', 'run.json', 'report.html', 'report.md'] as const;

/** `2026-12-05T07-59-05Z` from run.json's started_at (milliseconds dropped; `-2`, `-3` when taken). */
export function historyId(startedAt: string, taken: (id: string) => boolean): string {
  const base = startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * Copy the run folder's latest run (its files and runs/<config>.jsonl of the run's configurations) to
 * history/<id>/. run.json's `gold.dir` (relative to the folder holding it) is rewritten for the new folder, so
 * `report history/<id>` finds the same gold set. Returns the folder written.
 */
export function keepInHistory(runDir: string): string {
  const run = readJsonFile(join(runDir, 'run.json'), RunRecordSchema);
  const root = join(runDir, HISTORY_DIR);
  const id = historyId(run.started_at, (x) => existsSync(join(root, x)));
  const dir = join(root, id);
  mkdirSync(join(dir, 'runs'), { recursive: true });
  for (const f of FILES) {
    const from = join(runDir, f);
    if (!existsSync(from)) continue;
    if (f === 'run.json') writeFileAtomic(join(dir, f), `${JSON.stringify(movedRunRecord(run, runDir, dir), null, 2)}\n`);
    else copyFileSync(from, join(dir, f));
  }
  for (const name of Object.keys(run.configs)) {
    const from = join(runDir, 'runs', `${name}.jsonl`);
    if (existsSync(from)) copyFileSync(from, join(dir, 'runs', `${name}.jsonl`));
  }
  return dir;
}

function movedRunRecord(run: RunRecord, from: string, to: string): RunRecord {
  if (run.gold.dir === undefined) return run;
  return { ...run, gold: { ...run.gold, dir: relative(to, resolve(from, run.gold.dir)) || '.' } };
}

/** One kept run, for `report --list`. */
export interface HistoryEntry {
  id: string;
  /** Folder of the kept run (a run folder `report` can render). */
  dir: string;
  startedAt: string;
  status: string;
  samples: number;
  configs: number;
  /** Configuration with the best overall headline, and that headline. */
  best: { config: string; overall: number } | null;
  costUsd: number | null;
  /** Same metrics inputs as the run folder's latest run. */
  latest: boolean;
}

/** The kept runs of a run folder, oldest first. An entry whose files do not parse is left out. */
export function listHistory(runDir: string): HistoryEntry[] {
  const root = join(runDir, HISTORY_DIR);
  if (!existsSync(root)) return [];
  const latest = readHash(join(runDir, 'metrics.json'));
  const out: HistoryEntry[] = [];
  for (const id of readdirSync(root).sort()) {
    const dir = join(root, id);
    const entry = readEntry(id, dir, latest);
    if (entry) out.push(entry);
  }
  return out;
}

function readEntry(id: string, dir: string, latestHash: string | null): HistoryEntry | null {
  try {
    const run = readJsonFile(join(dir, 'run.json'), RunRecordSchema);
    const metrics = readJsonFile(join(dir, 'metrics.json'), MetricsFileSchema);
    let best: HistoryEntry['best'] = null;
    for (const [config, m] of Object.entries(metrics.configs)) {
      const overall = m.score.overall;
      if (typeof overall === 'number' && (!best || overall > best.overall)) best = { config, overall };
    }
    const costs = Object.values(run.configs).map((c) => c.cost_usd);
    const costUsd = costs.some((c) => c !== null) ? costs.reduce<number>((s, c) => s + (c ?? 0), 0) : null;
    return {
      id,
      dir,
      startedAt: run.started_at,
      status: run.status,
      samples: metrics.gold.samples,
      configs: Object.keys(metrics.configs).length,
      best,
      costUsd,
      latest: latestHash !== null && latestHash === metrics.inputs_sha256,
    };
  } catch {
    return null;
  }
}

function readHash(file: string): string | null {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { inputs_sha256?: string }).inputs_sha256 ?? null;
  } catch {
    return null;
  }
}

/** The folder of kept run `id` (or `latest`: the run folder itself); InputError listing the ids when unknown. */
export function historyRunDir(runDir: string, id: string): string {
  if (id === 'latest') return runDir;
  const dir = join(runDir, HISTORY_DIR, id);
  if (existsSync(join(dir, 'metrics.json'))) return dir;
  const ids = listHistory(runDir).map((e) => e.id);
  throw new InputError(
    `${runDir}: no kept run "${id}"${didYouMeanSuffix(id, ids)} (${ids.length ? `kept: ${ids.join(', ')}` : 'no history yet'}; \`sft-label report ${runDir} --list\`)`,
    { file: runDir },
  );
}

/** The `report --list` table. */
export function renderHistory(runDir: string, entries: readonly HistoryEntry[]): string {
  if (!entries.length) return `${runDir}: no kept runs yet (each \`sft-label run\` keeps one in ${join(runDir, HISTORY_DIR)}/)\n`;
  const rows = entries.map((e) => [
    e.id + (e.latest ? ' *' : ''),
    e.status,
    String(e.configs),
    String(e.samples),
    e.best ? `${e.best.config} ${e.best.overall.toFixed(3)}` : '-',
    e.costUsd === null ? '-' : `$${e.costUsd.toFixed(4)}`,
  ]);
  const head = ['run', 'status', 'configs', 'samples', 'best (overall)', 'cost'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    `${runDir}: ${entries.length} kept run(s), oldest first (* = same results as the latest in ${runDir})`,
    line(head),
    ...rows.map(line),
    `render one: sft-label report ${runDir} --run <run>`,
    '',
  ].join('\n');
}
