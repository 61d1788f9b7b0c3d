import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { readRecords, type Conversation, type ReadItem } from '../conversation/index.js';
import { UsageError } from '../errors/index.js';
import type { LabelOutcome } from '../labelers/monitor.js';
import type { Labeler } from '../labelers/types.js';
import type { Signals } from '../preprocess/schema.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { Progress } from '../util/progress.js';
import { checkDistinctPaths, checkSameRun, inputFingerprint } from './checks.js';
import { acquireOwnerLock } from '../util/owner-lock.js';
import { orderedMap } from '../util/ordered-pool.js';
import { labelOne, outputRecord } from '../labelers/engine.js';
import { wasInterrupted } from '../labelers/monitor.js';
import { createBreaker, type Breaker, type BreakerTrip } from '../labelers/breaker.js';
import { outputFormat, sidecarPaths, type OutputFormat, type SidecarPaths } from '../records/paths.js';
import { countLeftovers, foldPrior, takeDone, type DoneIds } from './prior.js';
import { completeLinesLength, openPriorOutput, type PriorOutput } from './resume.js';
import { selectItems, type SelectOptions } from './select.js';
import { createSink, type RecordSink } from '../records/sink.js';
import type { LabelStats } from '../records/stats-schema.js';
import { StatsAccumulator, type RunInfo } from '../records/stats.js';

export interface LabelRunOptions {
  input: string;
  output: string;
  /** Default: derived from output (sidecarPaths). */
  stats?: string;
  monitor?: string;
  labeler: Labeler;
  /** Model id as given on the command line (`rules`, a registry id). */
  model: string;
  taxonomy: Taxonomy;
  preprocess: (conversation: Conversation, taxonomy: Taxonomy) => Signals;
  select?: SelectOptions;
  /** Samples labeled at once. Default 8. */
  concurrency?: number;
  /** Overwrite an existing output instead of resuming it. Default false. */
  fresh?: boolean;
  /** Resume, labeling again the records that failed in the earlier output. Default false. */
  retryFailed?: boolean;
  toolVersion: string;
  progress?: Progress;
  /** Milliseconds clock (elapsed, throughput, periodic stats). Default Date.now. */
  now?: () => number;
  /** Stats are rewritten (complete: false) at most this often during the run. Default 10,000 ms. */
  statsEveryMs?: number;
  /**
   * Stop early (SIGINT/SIGTERM, the `soft` step of src/util/stop.ts): no new record is started, the ones in flight
   * finish and are written (a record whose request was not sent or was cut off is left for the resumed run); a JSONL
   * output keeps every record written (resume picks up from there), a JSON array output is not published; stats are
   * written with complete: false.
   */
  signal?: AbortSignal;
  /**
   * The labeling options that shape the answers (prompt, temperature, max_tokens, arbitration, ...), recorded in the
   * stats' resume_key with the input fingerprint and the selection: resuming an output made with other values, or
   * from another input, is refused (exit 2). Default none (only input, model, taxonomy and selection are checked).
   */
  settings?: Record<string, string | number | boolean | null>;
  /** Stop early when the first samples all fail with the same refusal (labelers/breaker.ts). Default true. */
  failFast?: boolean;
}

export interface LabelRunResult {
  stats: LabelStats;
  /** True when `signal` stopped the run before the end of the input. */
  interrupted: boolean;
  /** Set when the breaker stopped a doomed run (every first sample refused the same way): why. */
  stopped: BreakerTrip | null;
  paths: { output: string } & SidecarPaths;
}

type Done =
  | { kind: 'input'; item: Extract<ReadItem, { ok: false }> }
  | { kind: 'resumed'; item: Extract<ReadItem, { ok: true }>; reason: string | null }
  | { kind: 'labeled'; item: Extract<ReadItem, { ok: true }>; outcome: LabelOutcome }
  /** Not labeled (or a request of it not sent / cut off) because the run is stopping: not written, not counted. */
  | { kind: 'stopped' };

/**
 * Label a file: read -> select (shard, shuffle, limit) -> skip ids already in the output -> preprocess + label
 * (up to `concurrency` at once, written in input order) -> output, monitor and stats. JSONL output is appended
 * line by line and resumable; a JSON array output is published atomically at the end.
 */
export async function runLabel(options: LabelRunOptions): Promise<LabelRunResult> {
  const now = options.now ?? Date.now;
  const startMs = now();
  const format = outputFormat(options.output);
  const paths = { output: options.output, ...sidecarPaths(options.output, { stats: options.stats, monitor: options.monitor }) };
  checkDistinctPaths(options.input, paths);
  const cut = { cut: false };
  const source = await primed(selectItems(readRecords(options.input), options.select ?? {}));
  for (const p of [paths.output, paths.stats, paths.monitor]) mkdirSync(dirname(p), { recursive: true });
  // One writer per output while it lives; a crashed owner's lock is taken over (src/util/owner-lock.ts).
  const lock = acquireOwnerLock(`${paths.output}.lock`, { what: `output ${paths.output}` });
  try {
    return await labelLocked(options, { source, cut, format, paths, now, startMs });
  } finally {
    lock.release();
  }
}

async function labelLocked(
  options: LabelRunOptions,
  ctx: { source: AsyncIterable<ReadItem>; cut: { cut: boolean }; format: OutputFormat; paths: { output: string } & SidecarPaths; now: () => number; startMs: number },
): Promise<LabelRunResult> {
  const { source, cut, format, paths, now, startMs } = ctx;
  const prior = options.fresh ? null : openPriorOutput(paths.output, format);
  if (options.retryFailed && !prior) throw new UsageError(`--retry-failed: there is no earlier output at ${paths.output} to retry`);
  const resumeKey = { ...inputFingerprint(options.input), options: { ...selectionSettings(options.select ?? {}), ...options.settings } };
  if (prior) checkSameRun(paths, { model: options.model, taxonomyVersion: options.taxonomy.version, input: options.input, resumeKey });
  const stats = new StatsAccumulator(options.taxonomy);
  const info = { ...runInfo(options, paths, new Date(startMs).toISOString(), prior !== null), resume_key: resumeKey };
  const sink = openOutputSink(paths.output, format, prior, options.retryFailed ?? false);
  const monitor = openMonitorSink(paths.monitor, prior !== null);
  const snapshot = (finished: boolean): LabelStats =>
    stats.snapshot(info, { elapsedMs: now() - startMs, finishedAt: finished ? new Date(now()).toISOString() : null, peakRssMb: peakRssMb() });
  // At once, so even a run killed before its first periodic write leaves what a resume must match.
  writeFileAtomic(paths.stats, `${JSON.stringify(snapshot(false), null, 2)}\n`);
  let lastStats = startMs;
  let stopped = 0;
  const breaker = options.failFast === false ? null : createBreaker({ model: options.model });
  try {
    const done = prior ? await foldPrior(prior, { stats, copyTo: sink.rewrites ? sink.sink : undefined, retryFailed: options.retryFailed ?? false }) : new Map();
    const results = orderedMap(untilStopped(source, () => options.signal?.aborted === true || breaker?.tripped != null, cut), (item) => labelItem(item, done, options, breaker), { concurrency: options.concurrency ?? 8 });
    // After a stop (Ctrl-C, or the breaker) the pool drains: records in flight finish and are written, nothing new starts.
    for await (const r of results) {
      if (r.kind === 'stopped') {
        stopped++;
        continue;
      }
      record(r, { sink: sink.sink, monitor, stats });
      options.progress?.update(stats.done.records, stats.done.failed);
      if (now() - lastStats >= (options.statsEveryMs ?? 10_000)) {
        lastStats = now();
        writeFileAtomic(paths.stats, `${JSON.stringify(snapshot(false), null, 2)}\n`);
      }
    }
    if (!cut.cut && stopped === 0) countLeftovers(done, stats);
  } catch (err) {
    sink.sink.abort();
    monitor.abort();
    writeFileAtomic(paths.stats, `${JSON.stringify(snapshot(false), null, 2)}\n`);
    throw err;
  }
  const interrupted = cut.cut || stopped > 0;
  // An interrupted atomic output (JSON array, --retry-failed rewrite) is not published: it would look complete or
  // drop records not yet retried. Appended JSONL keeps its resumable prefix.
  if (interrupted && sink.atomic) sink.sink.abort();
  else sink.sink.commit();
  monitor.commit();
  const final = snapshot(!interrupted);
  writeFileAtomic(paths.stats, `${JSON.stringify(final, null, 2)}\n`);
  const trip = breaker?.tripped ?? null;
  return { stats: final, interrupted: interrupted && !trip, stopped: trip, paths };
}

async function labelItem(item: ReadItem, done: DoneIds, options: LabelRunOptions, breaker: Breaker | null): Promise<Done> {
  if (!item.ok) return { kind: 'input', item };
  // Checked before any await, so duplicated ids are taken in input order.
  const prior = takeDone(done, item.conversation.id);
  if (prior) return { kind: 'resumed', item, reason: prior.reason };
  // Admitted by the pool after the stop: not started.
  if (options.signal?.aborted) return { kind: 'stopped' };
  if (breaker && !(await breaker.admit())) return { kind: 'stopped' };
  const outcome = await labelOne(item.conversation, options);
  if (wasInterrupted(outcome)) {
    breaker?.release();
    return { kind: 'stopped' };
  }
  breaker?.settle(outcome);
  return { kind: 'labeled', item, outcome };
}

function record(r: Exclude<Done, { kind: 'stopped' }>, out: { sink: RecordSink; monitor: RecordSink; stats: StatsAccumulator }): void {
  const { item } = r;
  const at = { index: item.index, ...(item.line !== undefined ? { line: item.line } : {}) };
  if (r.kind === 'input') {
    out.stats.countFailed({ ...(r.item.id ? { id: r.item.id } : {}), ...at, stage: 'input', reason: r.item.reason });
    return;
  }
  const id = r.item.conversation.id;
  const oversized = r.item.oversized === true;
  if (r.kind === 'resumed') {
    if (r.reason === null) out.stats.countLabeled({ resumed: true, oversized });
    else out.stats.countFailed({ id, ...at, stage: 'labeler', reason: r.reason }, { resumed: true, oversized });
    return;
  }
  const { outcome } = r;
  out.sink.write(JSON.stringify(outputRecord(item.record, outcome)));
  out.monitor.write(JSON.stringify({ id, ...at, ...outcome.labeling_monitor }));
  out.stats.addOutcome(outcome);
  if (outcome.labels !== null) out.stats.countLabeled({ oversized });
  else out.stats.countFailed({ id, ...at, stage: 'labeler', reason: outcome.labeling_monitor.error ?? 'labeler returned no labels' }, { oversized });
}

/** The source until `stop()` says so: then no further item is pulled (`cut.cut` says whether items were left). */
async function* untilStopped<T>(source: AsyncIterable<T>, stop: () => boolean, cut: { cut: boolean }): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (stop()) {
        cut.cut = true;
        return;
      }
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await it.return?.(undefined);
  }
}

/** Pull the first item now, so an unreadable input fails before any output file is touched. */
async function primed<T>(source: AsyncGenerator<T>): Promise<AsyncIterable<T>> {
  const first = await source.next();
  return {
    async *[Symbol.asyncIterator]() {
      if (first.done) return;
      yield first.value;
      yield* source;
    },
  };
}

interface OutputSink {
  sink: RecordSink;
  /** Written to a temp file and renamed on commit. */
  atomic: boolean;
  /** Rewrites an earlier output: its kept records are copied in first. */
  rewrites: boolean;
}

function openOutputSink(path: string, format: OutputFormat, prior: PriorOutput | null, retryFailed: boolean): OutputSink {
  // A JSON array cannot be appended to, and retrying failures removes lines: both rewrite the file atomically.
  if (format === 'json' || (prior && retryFailed)) return { sink: createSink({ path, format, mode: 'atomic' }), atomic: true, rewrites: prior !== null };
  if (prior) return { sink: createSink({ path, format, mode: 'append', truncateAt: prior.completeBytes }), atomic: false, rewrites: false };
  return { sink: createSink({ path, format, mode: 'truncate' }), atomic: false, rewrites: false };
}

function openMonitorSink(path: string, resuming: boolean): RecordSink {
  if (resuming && existsSync(path)) return createSink({ path, format: 'jsonl', mode: 'append', truncateAt: completeLinesLength(path) });
  return createSink({ path, format: 'jsonl', mode: 'truncate' });
}

function runInfo(options: LabelRunOptions, paths: { output: string } & SidecarPaths, startedAt: string, resuming: boolean): RunInfo {
  const sel = options.select ?? {};
  return {
    tool_version: options.toolVersion,
    taxonomy_version: options.taxonomy.version,
    model: options.model,
    labeler: options.labeler.name,
    input: options.input,
    output: paths.output,
    monitor: paths.monitor,
    selection: {
      limit: sel.limit ?? null,
      shuffle: sel.shuffle ?? false,
      seed: sel.shuffle ? (sel.seed ?? 0) : null,
      shard: sel.shard ? `${sel.shard.k}/${sel.shard.n}` : null,
      resume: resuming,
      retry_failed: options.retryFailed ?? false,
    },
    started_at: startedAt,
  };
}

/** The selection settings a resume must keep (a different --limit only labels more or fewer records: allowed). */
function selectionSettings(sel: SelectOptions): Record<string, string | number | boolean | null> {
  return { shard: sel.shard ? `${sel.shard.k}/${sel.shard.n}` : null, shuffle: sel.shuffle ?? false, seed: sel.shuffle ? (sel.seed ?? 0) : null };
}

/** Peak RSS of this process in MB (maxRSS is in kilobytes). */
function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}
