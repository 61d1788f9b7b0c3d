import { cacheKey } from '../cache/index.js';
import { InterruptedError, LlmHttpError } from '../errors/index.js';
import { readAnswer, type ChatClient, type ChatRequest, type ChatResult } from '../llm/index.js';
import { TERMINAL_STATUSES, type BatchApi, type BatchInfo } from './api.js';
import { BATCH_LIMITS, batchRequestLine, parseResultLine, planBatches, type BatchLimits, type ParsedResult, type WireOptions } from './lines.js';
import { loadBatchState, saveBatchState, type BatchState, type SavedBatch } from './state.js';
import { NOT_SENT_STOPPING, type Stop } from '../util/stop.js';

export interface BatchChatClientOptions {
  api: BatchApi;
  /** Base URL: the endpoint identity for cache keys and custom ids (never a key). */
  endpoint: string;
  /** State file (batch ids), written the moment a batch is created. */
  statePath: string;
  wire?: WireOptions;
  /** Default BATCH_LIMITS (50,000 requests / 200 MB per batch). */
  limits?: BatchLimits;
  /** Between two polls of a batch. Default 30,000 ms. */
  pollMs?: number;
  /** A batch is sent once no new request has come for this long (every sample in flight is waiting). Default 2,000 ms. */
  flushIdleMs?: number;
  /** Times a request that errored or expired in a batch is sent again in a later batch. Default 3. */
  maxResubmits?: number;
  /** Progress lines (batch created, finished). Default: none. */
  log?: (line: string) => void;
  now?: () => number;
  /**
   * Ctrl-C (src/util/stop.ts). After `stop.soft` no batch is created: requests not yet uploaded end with
   * InterruptedError, batches already created are still waited for. After `stop.hard` the wait ends too
   * (InterruptedError); those batches keep running at the provider and stay in the state file, so the resumed run
   * collects their answers instead of paying again. No batch is cancelled.
   */
  stop?: Stop;
}

export interface BatchClientStats {
  /** Batches this process created. */
  created: number;
  /** Batches of an earlier run found in the state file and polled instead of being paid for again. */
  adopted: number;
  /** Request lines sent in this process's batches (resubmissions included). */
  submitted: number;
  resubmitted: number;
  /** Requests given up on after maxResubmits. */
  failed: number;
  byStatus: Record<string, number>;
}

export interface BatchChatClient extends ChatClient {
  stats(): BatchClientStats;
  /** Stop polling and flushing; requests still waiting are rejected. Pending batches stay in the state file. */
  close(): void;
}

interface Waiter {
  id: string;
  line: string;
  tries: number;
  since: number;
  settle: Array<{ resolve: (r: ChatResult) => void; reject: (e: unknown) => void }>;
}

/**
 * A ChatClient that answers through the Batch API. Each request is queued; when no new request has come for
 * `flushIdleMs` (every sample in flight waits on its answer) or a batch is full, the queue goes out as batches
 * within the limits. The pipeline's calls therefore go in rounds: call 1 of every sample in flight, then call 2, then
 * arbitration and repairs. A request's custom_id is its cache key, so a restarted run recognises the requests of the
 * batches in its state file and polls those batches instead of paying again. Lines that errored, and the requests
 * an expired or cancelled batch did not answer, are resubmitted (only those) in a later batch.
 */
export function createBatchChatClient(options: BatchChatClientOptions): BatchChatClient {
  const { api, endpoint } = options;
  const limits = options.limits ?? BATCH_LIMITS;
  const pollMs = options.pollMs ?? 30_000;
  const idleMs = options.flushIdleMs ?? 2_000;
  const maxResubmits = options.maxResubmits ?? 3;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((): void => undefined);
  const state: BatchState = loadBatchState(options.statePath, endpoint);
  const stats: BatchClientStats = { created: 0, adopted: 0, submitted: 0, resubmitted: 0, failed: 0, byStatus: {} };
  const queued = new Map<string, Waiter>();
  let queuedBytes = 0;
  const inflight = new Map<string, Waiter>();
  /** custom_id -> batch of an earlier run that holds it. */
  const adoptable = new Map<string, string>();
  /** Answers of adopted batches that arrived before this run asked for them. */
  const ready = new Map<string, ParsedResult & { ok: true }>();
  /** Collected batches whose ids are dropped from the state at the next save (the answers reached the cache by then). */
  let collected: SavedBatch[] = [];
  let dropNext: SavedBatch[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let idleTimer: NodeJS.Timeout | null = null;
  let closed = false;
  const stop = options.stop;
  const stopping = (): boolean => stop?.soft.aborted === true;

  const save = (): void => {
    for (const b of dropNext) b.custom_ids = [];
    dropNext = collected;
    collected = [];
    saveBatchState(options.statePath, state);
  };
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => (timers.delete(t), resolve()), ms);
      timers.add(t);
    });

  for (const saved of state.batches) {
    if (!saved.custom_ids.length) continue;
    for (const id of saved.custom_ids) adoptable.set(id, saved.id);
    stats.adopted++;
    log(`batch ${saved.id}: from an earlier run (${saved.custom_ids.length} requests), polling it`);
    void collect(saved).catch((err: unknown) => failBatch(saved.custom_ids, err));
  }

  function toResult(w: Waiter, body: unknown): ChatResult | null {
    const answer = readAnswer(body);
    if (!answer) return null;
    return { ...answer, attempts: w.tries + 1, latency_ms: now() - w.since, cache_hit: false };
  }

  function deliver(w: Waiter, result: ChatResult): void {
    for (const s of w.settle) s.resolve(result);
  }

  function retryOrFail(w: Waiter, reason: string, status: number | null): void {
    if (stopping()) {
      // A resubmission would be a new batch: not while stopping; the resumed run sends the request again.
      for (const s of w.settle) s.reject(new InterruptedError(`not sent again: the run is stopping (Ctrl-C / SIGTERM); ${reason}`));
      return;
    }
    if (w.tries < maxResubmits && !closed) {
      w.tries++;
      stats.resubmitted++;
      enqueue(w);
      return;
    }
    stats.failed++;
    const err = new LlmHttpError(`${endpoint}: batch request ${w.id.slice(0, 12)} failed after ${w.tries + 1} batch(es): ${reason}`, status ?? undefined, undefined);
    for (const s of w.settle) s.reject(err);
  }

  function enqueue(w: Waiter): void {
    queued.set(w.id, w);
    queuedBytes += Buffer.byteLength(w.line) + 1;
    if (queued.size >= limits.maxRequests || queuedBytes >= limits.maxBytes) return void flush();
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimer = null;
      flush();
    }, idleMs);
  }

  function flush(): void {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (!queued.size || closed || stopping()) return;
    const waiters = [...queued.values()];
    queued.clear();
    queuedBytes = 0;
    for (const w of waiters) inflight.set(w.id, w);
    for (const part of planBatches(waiters.map((w) => Buffer.byteLength(w.line) + 1), limits)) {
      const chunk = part.map((i) => waiters[i]!);
      void submit(chunk).catch((err: unknown) => failBatch(chunk.map((w) => w.id), err));
    }
  }

  async function submit(chunk: Waiter[]): Promise<void> {
    const content = `${chunk.map((w) => w.line).join('\n')}\n`;
    const fileId = await api.uploadInput(`sft-label-${now()}-${chunk.length}.jsonl`, content);
    const info = await api.createBatch(fileId, { tool: 'sft-label', requests: String(chunk.length) });
    const saved: SavedBatch = { id: info.id, input_file_id: fileId, created_at: new Date(now()).toISOString(), requests: chunk.length, status: info.status, custom_ids: chunk.map((w) => w.id) };
    state.batches.push(saved);
    save(); // at once: from here on a restart polls this batch instead of paying for it again
    stats.created++;
    stats.submitted += chunk.length;
    log(`batch ${info.id}: created with ${chunk.length} requests`);
    await collect(saved);
  }

  /** Poll a batch until it ends, then hand out its answers and requeue what it did not answer. */
  async function collect(saved: SavedBatch): Promise<void> {
    let info: BatchInfo = await api.retrieveBatch(saved.id);
    while (!TERMINAL_STATUSES.has(info.status)) {
      await sleep(pollMs);
      if (closed) return;
      info = await api.retrieveBatch(saved.id);
    }
    const results = new Map<string, ParsedResult>();
    for (const fileId of [info.error_file_id, info.output_file_id]) {
      if (!fileId) continue;
      for (const line of (await api.fileContent(fileId)).split('\n')) {
        const r = parseResultLine(line);
        if (r) results.set(r.custom_id, r);
      }
    }
    stats.byStatus[info.status] = (stats.byStatus[info.status] ?? 0) + 1;
    let answered = 0;
    let retried = 0;
    for (const id of saved.custom_ids) {
      if (adoptable.get(id) === saved.id) adoptable.delete(id);
      const r = results.get(id);
      const w = inflight.get(id);
      if (!w) {
        if (r?.ok) ready.set(id, r);
        continue;
      }
      inflight.delete(id);
      const result = r?.ok ? toResult(w, r.body) : null;
      if (result) {
        answered++;
        deliver(w, result);
        continue;
      }
      retried++;
      const why = !r ? `no answer (batch ${info.status}${info.errors.length ? `: ${info.errors[0]}` : ''})` : r.ok ? 'answer is not a chat completion' : r.reason;
      retryOrFail(w, why, r && !r.ok ? r.status : null);
    }
    saved.status = info.status;
    collected.push(saved);
    save();
    log(`batch ${saved.id}: ${info.status}, ${answered} answered${retried ? `, ${retried} to send again` : ''}`);
  }

  function failBatch(ids: string[], err: unknown): void {
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    for (const id of ids) {
      const w = inflight.get(id);
      if (!w) continue;
      inflight.delete(id);
      retryOrFail(w, reason, (err as { status?: number }).status ?? null);
    }
  }

  /** Reject every request waiting for the next upload; nothing of them is sent. */
  function dropQueued(err: Error): void {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    for (const w of queued.values()) for (const s of w.settle) s.reject(err);
    queued.clear();
    queuedBytes = 0;
  }

  function close(err: Error): void {
    closed = true;
    dropQueued(err);
    for (const t of timers) clearTimeout(t);
    for (const w of inflight.values()) for (const s of w.settle) s.reject(err);
    inflight.clear();
  }

  // First step: what is queued but not uploaded is not sent. Second step: stop waiting for created batches.
  stop?.soft.addEventListener(
    'abort',
    () => {
      dropQueued(new InterruptedError(NOT_SENT_STOPPING));
      if (inflight.size) log(`stopping: no new batch; waiting for the ${inflight.size} request(s) in batches already created`);
    },
    { once: true },
  );
  stop?.hard.addEventListener(
    'abort',
    () => {
      if (closed) return;
      const pending = state.batches.filter((b) => b.custom_ids.length && !(TERMINAL_STATUSES as ReadonlySet<string>).has(b.status)).length;
      close(new InterruptedError(`stopped waiting: ${pending} batch(es) keep running at the provider; the resumed run collects their answers (${options.statePath})`));
    },
    { once: true },
  );

  return {
    endpoint,
    stats: () => ({ ...stats, byStatus: { ...stats.byStatus } }),
    close: () => close(new Error('batch client closed')),
    complete(request: ChatRequest): Promise<ChatResult> {
      if (closed) return Promise.reject(new Error('batch client closed'));
      if (stopping()) return Promise.reject(new InterruptedError(NOT_SENT_STOPPING));
      const id = cacheKey(endpoint, request, options.wire);
      return new Promise<ChatResult>((resolve, reject) => {
        const existing = queued.get(id) ?? inflight.get(id);
        if (existing) return void existing.settle.push({ resolve, reject });
        const w: Waiter = { id, line: batchRequestLine(id, request, options.wire), tries: 0, since: now(), settle: [{ resolve, reject }] };
        const early = ready.get(id);
        if (early) {
          ready.delete(id);
          const result = toResult(w, early.body);
          if (result) return resolve(result);
        }
        if (adoptable.has(id)) return void inflight.set(id, w); // its batch (earlier run) is being polled
        enqueue(w);
      });
    },
  };
}
