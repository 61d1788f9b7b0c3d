import { relative } from 'node:path';
import { normaliseEndpoint, type CacheMode } from '../cache/index.js';
import { CacheMissError } from '../errors/index.js';
import type { ConfigJobs } from './jobs.js';
import { RUN_RECORD_VERSION, type RunLine, type RunRecord } from './results.js';
import type { Tally } from './label-all.js';
import type { RunSetup } from './setup.js';
import { configRunStats } from './config-stats.js';
import { cascadeAsConfiguration, type RunCascade } from './cascades.js';

export interface RunRecordInput {
  setup: RunSetup;
  jobs: ConfigJobs[];
  lines: Map<string, RunLine[]>;
  tally: Tally;
  startedAt: Date;
  status: RunRecord['status'];
  cacheMode: CacheMode;
  cwd: string;
  /** The run folder run.json is written to: `gold.dir` is relative to it. */
  outDir: string;
  toolVersion: string;
  /** Cascades scored from the configurations' lines (no traffic of their own). */
  cascades?: ReadonlyArray<RunCascade>;
}

/** run.json: versions, cache, timings and per-configuration numbers of this run. */
export function runRecord(input: RunRecordInput): RunRecord {
  const { setup, tally } = input;
  const expected = setup.samples.length * setup.repeats;
  const endpoints = Object.fromEntries(
    Object.entries(setup.limiters.snapshot()).map(([url, s]) => [normaliseEndpoint(url), { limit: s.limit, overloads: s.overloads, rate_limited: s.rateLimited }]),
  );
  const out: RunRecord = {
    version: RUN_RECORD_VERSION,
    experiment: { name: setup.experiment.name, file: relative(input.cwd, setup.experiment.file) || setup.experiment.file, sha256: setup.experimentSha256 },
    tool_version: input.toolVersion,
    taxonomy_version: setup.taxonomy.version,
    prompts: Object.fromEntries([...setup.prompts].map(([name, p]) => [name, { hash: p.hash }])),
    // Where the gold set is, from the run folder: `report RUN_DIR` reads it from there, whatever the cwd.
    gold: { ...setup.gold, dir: relative(input.outDir, setup.experiment.goldPath) || '.', available: setup.goldSet.samples.length },
    cache: { mode: input.cacheMode, location: setup.cache?.location ?? null },
    status: input.status,
    started_at: input.startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    elapsed_ms: Date.now() - input.startedAt.getTime(),
    endpoints,
    configs: Object.fromEntries(
      input.jobs.map((j) => {
        const name = j.runtime.config.name;
        const t = tally.configs.get(name);
        const stats = configRunStats({
          runtime: j.runtime,
          lines: input.lines.get(name) ?? [],
          expected,
          resumed: j.resumed,
          spentUsd: t?.spent ?? null,
          elapsedMs: t?.lastMs ?? 0,
          taxonomy: setup.taxonomy,
        });
        const stopped = j.breaker.tripped;
        return [name, stopped ? { ...stats, stopped: stopped.summary } : stats];
      }),
    ),
  };
  for (const c of input.cascades ?? []) {
    const prices = new Map(setup.runtimes.map((r) => [r.config.model, r.model?.prices ?? null] as const));
    out.configs[c.cascade.name] = configRunStats({
      runtime: { config: cascadeAsConfiguration(c.cascade), model: null, pinned: null, cache: null, http: { requests: 0, rateLimited: 0 } },
      priceOf: (model) => prices.get(model) ?? null,
      lines: c.score.lines,
      expected: setup.samples.length,
      resumed: 0,
      spentUsd: 0,
      elapsedMs: 0,
      taxonomy: setup.taxonomy,
    });
  }
  return out;
}

/** The error of a read-only run that lacked entries: every missing request, up to 40 of them in the message. */
export function cacheMissError(misses: string[], location: string, outDir: string): CacheMissError {
  const shown = misses.slice(0, 40);
  const more = misses.length > shown.length ? `\n  ... and ${misses.length - shown.length} more (run.json in ${outDir} counts them per configuration)` : '';
  return new CacheMissError(
    `--cache read-only: ${misses.length} request(s) are not in the cache ${location}; those samples were not labeled ` +
      `(run once with a key and --cache read-write to fill it):\n${shown.map((m) => `  - ${m}`).join('\n')}${more}`,
    misses,
  );
}
