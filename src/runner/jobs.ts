import type { AsyncLocalStorage } from 'node:async_hooks';
import type { Conversation } from '../conversation/index.js';
import { labelPreprocessed, outputRecord, wasInterrupted } from '../labelers/index.js';
import type { LabelOutcome } from '../labelers/monitor.js';
import type { Breaker } from '../labelers/breaker.js';
import type { Signals } from '../preprocess/index.js';
import type { SampleScope } from './clients.js';
import type { ConfigRuntime } from './configs.js';
import { RunLineSchema, type RunLine } from './results.js';
import { jobKey, type PriorRuns, type RunsWriter } from './runs-file.js';

/** A gold sample as the runner labels it. */
export interface RunnerSample {
  id: string;
  /** The record as read from samples.jsonl; copied into the run line. */
  record: Record<string, unknown>;
  conversation: Conversation;
  signals: Signals;
}

/** One configuration's labeling state during the run. */
export interface ConfigJobs {
  runtime: ConfigRuntime;
  prior: PriorRuns;
  /** Jobs of this run's selection finished earlier (the prior file may hold more, from a larger --limit). */
  resumed: number;
  writer: RunsWriter;
  /** Stops this configuration when its first samples are all refused the same way (the others go on). */
  breaker: Breaker;
}

/** What became of one (configuration, sample, repeat) job. */
export type JobResult =
  | { kind: 'labeled' | 'failed'; line: RunLine; outcome: LabelOutcome }
  | { kind: 'cache-miss'; outcome: LabelOutcome }
  /** A call was not sent or was cut off by Ctrl-C: not written, labeled by the resumed run. */
  | { kind: 'interrupted'; outcome: LabelOutcome };

export interface RunJobsOptions {
  configs: readonly ConfigJobs[];
  samples: readonly RunnerSample[];
  repeats: number;
  /** Recorded in the monitor of a sample whose labeler threw. */
  taxonomyVersion: string;
  /** Samples labeled at once, over all configurations (requests are bounded apart, by the endpoint limiters). */
  width: number;
  scope: AsyncLocalStorage<SampleScope>;
  /** Called as each job finishes (after its line is written). */
  onResult?: (config: ConfigJobs, result: JobResult) => void;
  /** Stops starting new jobs; jobs in flight finish and are written. */
  signal?: AbortSignal;
}

/**
 * Label every (configuration, sample, repeat) not finished earlier. Jobs are interleaved across configurations
 * (sample 1 of each, then sample 2 of each, ...) so every configuration advances together and configurations on
 * different endpoints run side by side. Each finished sample is appended to its runs file at once.
 */
export async function runJobs(options: RunJobsOptions): Promise<{ interrupted: boolean }> {
  const queue = pendingJobs(options)[Symbol.iterator]();
  let interrupted = false;
  const worker = async (): Promise<void> => {
    for (;;) {
      if (options.signal?.aborted) {
        interrupted = true;
        return;
      }
      const next = queue.next();
      if (next.done) return;
      const { cfg, sample, sampleIndex } = next.value;
      // A stopped configuration starts nothing more: its remaining jobs stay unfinished (the report says why).
      if (!(await cfg.breaker.admit())) continue;
      const result = await labelJob(cfg, sample, sampleIndex, options);
      if (result.kind === 'interrupted') {
        // Stopped by Ctrl-C: says nothing about the endpoint; the sample is left for the resume.
        cfg.breaker.release();
        interrupted = true;
        continue;
      }
      // A read-only cache miss says nothing about the endpoint: it only frees the slot.
      if (result.kind === 'cache-miss') cfg.breaker.release();
      else {
        cfg.breaker.settle(result.outcome);
        cfg.writer.append(result.line);
      }
      options.onResult?.(cfg, result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.width) }, worker));
  return { interrupted };
}

function* pendingJobs(options: RunJobsOptions): Generator<{ cfg: ConfigJobs; sample: RunnerSample; sampleIndex: number }> {
  for (let sampleIndex = 0; sampleIndex < options.repeats; sampleIndex++) {
    for (const sample of options.samples) {
      for (const cfg of options.configs) {
        if (!cfg.prior.finished.has(jobKey(sample.id, sampleIndex))) yield { cfg, sample, sampleIndex };
      }
    }
  }
}

async function labelJob(cfg: ConfigJobs, sample: RunnerSample, sampleIndex: number, options: RunJobsOptions): Promise<JobResult> {
  const { runtime } = cfg;
  const ctx: SampleScope = { config: runtime.config.name, id: sample.id, sampleIndex, cacheMiss: false };
  const outcome = await options.scope.run(ctx, () =>
    labelPreprocessed(sample.conversation, sample.signals, {
      labeler: runtime.labeler,
      model: runtime.config.model,
      promptVersion: runtime.config.prompt,
      taxonomy: { version: options.taxonomyVersion },
    }),
  );
  // A read-only miss is not an outcome of labeling: the sample stays unfinished so a later run labels it.
  if (ctx.cacheMiss) return { kind: 'cache-miss', outcome };
  if (wasInterrupted(outcome)) return { kind: 'interrupted', outcome };
  const line = RunLineSchema.parse({
    ...outputRecord(sample.record, outcome),
    id: sample.id,
    sample_index: sampleIndex,
    config: runtime.config.name,
    config_hash: runtime.fingerprint,
  });
  return { kind: outcome.labels === null ? 'failed' : 'labeled', line, outcome };
}
