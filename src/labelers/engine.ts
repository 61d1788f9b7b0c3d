import type { Conversation } from '../conversation/index.js';
import { buildMonitor, type LabelOutcome } from './monitor.js';
import type { Labeler } from './types.js';
import type { Signals } from '../preprocess/schema.js';
import type { Taxonomy } from '../taxonomy/index.js';

/** Who labels: recorded in the monitor of a sample whose labeler threw. */
export interface LabelerIdentity {
  labeler: Labeler;
  /** The model id as the user named it. */
  model: string;
  /** Default null (labelers without a prompt). */
  promptVersion?: string | null;
  taxonomy: Pick<Taxonomy, 'version'>;
}

export interface LabelOneContext extends LabelerIdentity {
  taxonomy: Taxonomy;
  preprocess: (conversation: Conversation, taxonomy: Taxonomy) => Signals;
}

/**
 * Preprocess and label one conversation: the one per-sample engine of `label` (and, through `labelPreprocessed`,
 * of `run`). Never throws: a labeler is supposed to return `labels: null` for a sample it cannot label, and
 * anything thrown anyway (a bug, a preprocessing failure) becomes such an outcome too, so one bad sample cannot
 * stop a million-record run.
 */
export function labelOne(conversation: Conversation, ctx: LabelOneContext): Promise<LabelOutcome> {
  return guarded(conversation, ctx, () => ctx.preprocess(conversation, ctx.taxonomy));
}

/** `labelOne` for a conversation preprocessed already (the runner preprocesses each gold sample once for all its configurations). */
export function labelPreprocessed(conversation: Conversation, signals: Signals, ctx: LabelerIdentity): Promise<LabelOutcome> {
  return guarded(conversation, ctx, () => signals);
}

async function guarded(conversation: Conversation, ctx: LabelerIdentity, signalsOf: () => Signals): Promise<LabelOutcome> {
  const started = performance.now();
  try {
    return await ctx.labeler.label(conversation, signalsOf());
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return failedOutcome(ctx, `labeler ${ctx.labeler.name} threw on record ${conversation.id}: ${message}`, performance.now() - started);
  }
}

/** A failed sample's outcome: `labels: null`, the reason in the monitor. */
export function failedOutcome(ctx: LabelerIdentity, error: string, latencyMs: number): LabelOutcome {
  const labeling_monitor = buildMonitor({
    labeler: ctx.labeler.name,
    model: ctx.model,
    promptVersion: ctx.promptVersion ?? null,
    taxonomyVersion: ctx.taxonomy.version,
    latencyMs,
    error,
  });
  return { labels: null, confidence: {}, labeling_monitor };
}

/**
 * The output record: the input record unchanged plus `labels`, `confidence`, `labeling_monitor`. A record that is
 * not a JSON object (a bare list of messages read as one conversation) is kept whole under `record`.
 */
export function outputRecord(record: unknown, outcome: LabelOutcome): Record<string, unknown> {
  const base = record && typeof record === 'object' && !Array.isArray(record) ? (record as Record<string, unknown>) : { record };
  return { ...base, labels: outcome.labels, confidence: outcome.confidence, labeling_monitor: outcome.labeling_monitor };
}
