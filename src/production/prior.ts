import { LabelOutcomeSchema } from '../labelers/monitor.js';
import type { PriorOutput } from './resume.js';
import type { RecordSink } from '../records/sink.js';
import type { StatsAccumulator } from '../records/stats.js';

/** Ids already in the output, with how many times (duplicated ids) and the reason of a failed one. */
export type DoneIds = Map<string, { left: number; reason: string | null }>;

export interface FoldPriorOptions {
  stats: StatsAccumulator;
  /** Set when the output is being rewritten: kept records are copied into it. */
  copyTo?: RecordSink;
  /** Drop earlier failures (labels: null) so they are labeled again. */
  retryFailed: boolean;
}

/**
 * Read an earlier output once: fold its outcomes into the stats, copy kept records to a rewritten output, and
 * return the ids to skip. Memory: one map entry per earlier record (ids only).
 */
export async function foldPrior(prior: PriorOutput, options: FoldPriorOptions): Promise<DoneIds> {
  const done: DoneIds = new Map();
  for await (const p of prior.records) {
    if (p.failed && options.retryFailed) continue;
    options.copyTo?.write(p.json);
    const entry = done.get(p.id);
    if (entry) {
      entry.left++;
      entry.reason = p.reason;
    } else {
      done.set(p.id, { left: 1, reason: p.reason });
    }
    const outcome = LabelOutcomeSchema.safeParse({
      labels: p.record.labels ?? null,
      confidence: p.record.confidence ?? {},
      labeling_monitor: p.record.labeling_monitor,
    });
    if (outcome.success) options.stats.addOutcome(outcome.data);
  }
  return done;
}

/** Take one earlier record of this id, if any is left: the input record is then not labeled again. */
export function takeDone(done: DoneIds, id: string): { reason: string | null } | null {
  const entry = done.get(id);
  if (!entry || entry.left <= 0) return null;
  entry.left--;
  return { reason: entry.reason };
}

/**
 * Earlier records whose id did not come up in this run's input (another --limit, an edited input): they stay in
 * the output, so they are counted, at index -1.
 */
export function countLeftovers(done: DoneIds, stats: StatsAccumulator): void {
  for (const [id, entry] of done) {
    for (let i = 0; i < entry.left; i++) {
      if (entry.reason === null) stats.countLabeled({ resumed: true });
      else stats.countFailed({ id, index: -1, stage: 'labeler', reason: entry.reason }, { resumed: true });
    }
  }
}
