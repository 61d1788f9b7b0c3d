import type { Conversation } from '../conversation/index.js';
import { LabelingMonitorSchema, type LabelOutcome } from './monitor.js';
import type { Labeler } from './types.js';
import type { Signals } from '../preprocess/schema.js';
import type { Taxonomy } from '../taxonomy/index.js';

export interface LabelOneContext {
  labeler: Labeler;
  taxonomy: Taxonomy;
  model: string;
  preprocess: (conversation: Conversation, taxonomy: Taxonomy) => Signals;
}

/**
 * Preprocess and label one conversation. Never throws: a labeler is supposed to return `labels: null` for a sample
 * it cannot label, and anything thrown anyway (a bug, a preprocessing failure) becomes such an outcome too, so one
 * bad sample cannot stop a million-record run.
 */
export async function labelOne(conversation: Conversation, ctx: LabelOneContext): Promise<LabelOutcome> {
  const started = performance.now();
  try {
    const signals = ctx.preprocess(conversation, ctx.taxonomy);
    return await ctx.labeler.label(conversation, signals);
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return failedOutcome(ctx, `labeler ${ctx.labeler.name} threw on record ${conversation.id}: ${message}`, performance.now() - started);
  }
}

export function failedOutcome(ctx: Pick<LabelOneContext, 'labeler' | 'taxonomy' | 'model'>, error: string, latencyMs: number): LabelOutcome {
  const labeling_monitor = LabelingMonitorSchema.parse({
    labeler: ctx.labeler.name,
    model: ctx.model,
    taxonomy_version: ctx.taxonomy.version,
    issues: {},
    latency_ms: Math.max(0, latencyMs),
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
