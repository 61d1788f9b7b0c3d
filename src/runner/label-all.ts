import type { ProgressStream } from '../util/progress.js';
import { runJobs, type ConfigJobs } from './jobs.js';
import { createRunProgress } from './progress.js';
import type { RunSetup } from './setup.js';

export interface Tally {
  interrupted: boolean;
  elapsedMs: number;
  /** Per configuration: dollars spent now (null: no price), when its last job finished. */
  configs: Map<string, { spent: number | null; lastMs: number }>;
}

export interface LabelAllOptions {
  /** Where to draw one progress line per configuration; none when absent. */
  progress?: ProgressStream;
  /** Stop starting new samples; those in flight are written. */
  signal?: AbortSignal;
}

/** Label every job not finished earlier, all configurations at once; what each configuration spent, and when it ended. */
export async function labelAll(setup: RunSetup, jobs: ConfigJobs[], options: LabelAllOptions): Promise<Tally> {
  const started = Date.now();
  const expected = setup.samples.length * setup.repeats;
  const configs = new Map(jobs.map((j) => [j.runtime.config.name, { spent: j.runtime.model && !j.runtime.model.prices ? null : 0, lastMs: 0 }]));
  const progress = options.progress
    ? createRunProgress({ stream: options.progress, totals: jobs.map((j) => ({ config: j.runtime.config.name, total: expected - j.resumed, resumed: j.resumed })) })
    : null;
  const endpoints = new Set(setup.runtimes.flatMap((r) => (r.endpoint ? [r.endpoint] : [])));
  const { interrupted } = await runJobs({
    configs: jobs,
    samples: setup.samples,
    repeats: setup.repeats,
    taxonomyVersion: setup.taxonomy.version,
    // Enough samples in flight to keep every endpoint's limiter full (a sample makes its calls one after another).
    width: 2 * setup.concurrency * Math.max(1, endpoints.size),
    scope: setup.scope,
    signal: options.signal,
    onResult: (cfg, result) => {
      const t = configs.get(cfg.runtime.config.name);
      const cost = result.outcome.labeling_monitor.calls.reduce((s, c) => s + (c.cost_usd ?? 0), 0);
      if (t) {
        if (t.spent !== null) t.spent += cost;
        t.lastMs = Date.now() - started;
      }
      progress?.advance(cfg.runtime.config.name, { failed: result.kind !== 'labeled', costUsd: cost });
    },
  });
  progress?.finish();
  return { interrupted, elapsedMs: Date.now() - started, configs };
}
