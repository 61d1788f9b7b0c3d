import { thresholdFor, type ConfidenceThreshold } from '../labelers/options.js';
import { CALLS, type CallName } from '../prompts/index.js';
import type { Confidence } from '../taxonomy/index.js';

/** A dimension of the taxonomy as the escalation rule needs it: its id and the call that asks it. */
export interface CallDimension {
  id: string;
  call: CallName;
}

/** One low dimension: why its call goes to the second model. */
export interface LowDimension {
  dimension: string;
  confidence: number;
  threshold: number;
}

/** A call to ask the second model again, and the dimensions whose answer it replaces. */
export interface Escalation {
  call: CallName;
  low: LowDimension[];
}

/**
 * The escalation rule of a cascade, the one place it is written: a call is asked again of the second model when
 * any of its dimensions has a confidence below that dimension's threshold (a missing confidence counts as 0); the
 * second model's answer then wins for those dimensions only. Calls come out in call order. Pure.
 */
export function escalations(dimensions: readonly CallDimension[], confidence: Confidence, threshold: ConfidenceThreshold): Escalation[] {
  return CALLS.flatMap((call) => {
    const low = dimensions
      .filter((d) => d.call === call)
      .flatMap((d) => {
        const c = confidence[d.id] ?? 0;
        const t = thresholdFor(threshold, d.id);
        return c < t ? [{ dimension: d.id, confidence: c, threshold: t }] : [];
      });
    return low.length ? [{ call, low }] : [];
  });
}

/** The dimensions of a taxonomy with their call (call 1 or call 2). */
export function callDimensionsOf(taxonomy: { dimensions: ReadonlyArray<{ id: string; call: number }> }): CallDimension[] {
  return taxonomy.dimensions.map((d) => ({ id: d.id, call: d.call === 1 ? 'call1' : 'call2' }));
}

/** A reason line for the monitor: `intent 0.41 < 0.62, task 0.30 < 0.55`. */
export function escalationReason(e: Escalation): string {
  return e.low.map((l) => `${l.dimension} ${l.confidence} < ${l.threshold}`).join(', ');
}
