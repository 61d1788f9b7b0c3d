import { refusalFix } from '../llm/index.js';
import type { CallRecord, LabelOutcome } from './monitor.js';

/**
 * Stops a doomed configuration early (issue 14): a retired model name, a bad key or a schema the provider rejects
 * make every request fail the same way, and sending the whole dataset to learn that wastes time and, on a billed
 * refusal, money. Until the first sample is labeled the breaker lets only `probe` samples run at once (fewer as
 * identical refusals come in, so an endpoint refusing everything gets exactly `probe` requests); when `probe`
 * samples have failed with the same permanent failure (a refusal that is not retried: 4xx other than 408/429, or
 * an answer the parser could not use even after the repair turn) and none succeeded, it trips: no sample starts
 * any more and the caller stops the configuration with the report. One labeled sample disarms it for good: from
 * then on failures are ordinary per-sample failures.
 */
export interface Breaker {
  /** Wait for a slot; false once the breaker has tripped (the sample must not start). */
  admit(): Promise<boolean>;
  /** A sample admitted earlier finished with this outcome. */
  settle(outcome: LabelOutcome): void;
  /** A sample admitted earlier ended without telling anything about the endpoint (a read-only cache miss). */
  release(): void;
  /** Why the configuration was stopped, once tripped; else null. */
  readonly tripped: BreakerTrip | null;
}

export interface BreakerTrip {
  /** Samples that failed the same way before the stop. */
  samples: number;
  /** HTTP status of the refusal, when there was one. */
  status?: number;
  /** The provider's own message (key-free: the client redacts it), or the parser's. */
  message: string;
  /** One line: what failed, how often, what to check. */
  summary: string;
}

export interface BreakerOptions {
  /** The model as the user named it (the message names it). */
  model: string;
  /** Samples in flight until the first success, and identical permanent failures that trip. Default 4. */
  probe?: number;
}

/** The default probe: at most 4 samples (4 requests: a refusal is not retried) before a doomed run stops. */
export const BREAKER_PROBE = 4;

export function createBreaker(options: BreakerOptions): Breaker {
  const probe = Math.max(1, Math.floor(options.probe ?? BREAKER_PROBE));
  let armed = true;
  let inFlight = 0;
  let tripped: BreakerTrip | null = null;
  // Largest number of identical permanent failures so far: while armed, only probe - maxSame samples run at once,
  // so a run whose every request is refused sends exactly `probe` of them.
  let maxSame = 0;
  const room = (): boolean => !armed || inFlight < probe - maxSame;
  const counts = new Map<string, { n: number; status?: number; message: string }>();
  const waiting: Array<(ok: boolean) => void> = [];

  const wake = (): void => {
    while (waiting.length && (tripped || room())) {
      const next = waiting.shift()!;
      if (tripped) next(false);
      else {
        inFlight++;
        next(true);
      }
    }
  };

  return {
    get tripped() {
      return tripped;
    },
    admit() {
      if (tripped) return Promise.resolve(false);
      if (room()) {
        inFlight++;
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => waiting.push(resolve));
    },
    release() {
      inFlight = Math.max(0, inFlight - 1);
      wake();
    },
    settle(outcome) {
      inFlight = Math.max(0, inFlight - 1);
      if (armed && !tripped) {
        if (outcome.labels !== null) armed = false;
        else {
          const permanent = permanentFailure(outcome.labeling_monitor.calls);
          if (permanent) {
            const key = `${permanent.status ?? ''}\u0000${permanent.message}`;
            const c = counts.get(key) ?? { n: 0, ...permanent };
            c.n++;
            counts.set(key, c);
            maxSame = Math.max(maxSame, c.n);
            if (c.n >= probe) tripped = trip(options.model, c);
          }
        }
      }
      wake();
    },
  };
}

/** The permanent failure of a failed sample's model calls: a refusal not retried, or an answer never parsed. */
export function permanentFailure(calls: readonly CallRecord[]): { status?: number; message: string } | null {
  for (const call of calls) {
    if (!call.error || call.cache_hit) continue;
    if (call.failure) {
      if (call.failure.retryable) continue;
      const message = call.failure.provider_message ?? call.error;
      return { ...(call.failure.status !== undefined ? { status: call.failure.status } : {}), message };
    }
    // A model answered but the parser could not use it, even after the repair turn.
    if (/^(call\d|repair:)/.test(call.name)) return { message: `unusable answer: ${call.error}` };
  }
  return null;
}

function trip(model: string, c: { n: number; status?: number; message: string }): BreakerTrip {
  const what = c.status !== undefined ? `HTTP ${c.status}: ${c.message}` : c.message;
  const hint =
    c.status === undefined
      ? 'the model does not answer in the requested JSON: try another response format or prompt version (sft-label doctor)'
      : refusalFix({ status: c.status, retryable: false }, c.message);
  return {
    samples: c.n,
    ...(c.status !== undefined ? { status: c.status } : {}),
    message: c.message,
    summary: `stopped ${model} after its first ${c.n} samples all failed the same way (${what}); ${hint}`,
  };
}
