import type { Conversation } from '../../conversation/index.js';
import type { CallRecord, LabelIssues } from '../monitor.js';
import type { Signals } from '../../preprocess/index.js';
import { CALLS, callDimensions, type CallAnswer, type CallName, type FittedConversation } from '../../prompts/index.js';
import type { Confidence, Dimension, Labels } from '../../taxonomy/index.js';
import { resolveTag } from '../../validate/index.js';
import { thresholdFor } from '../options.js';
import { runCall } from './call.js';
import type { PipelineContext } from './context.js';
import { voteMulti, voteSingle } from './vote.js';

export interface ArbitrationInput {
  conversation: Conversation;
  /** The conversation as fitted to the token budget for the original calls. */
  fitted: FittedConversation;
  signals: Signals;
  /** Call 1's canonical labels, the hints call 2 was given (re-asks of call 2 get the same ones). */
  hints: Labels;
  answers: Record<CallName, CallAnswer>;
  confidence: Confidence;
}

export interface ArbitrationResult {
  records: CallRecord[];
  decisions: LabelIssues['arbitration'];
  /** Voted tags (canonical ids) of the arbitrated dimensions. */
  labels: Record<string, string[]>;
  /** Vote shares of the arbitrated dimensions. */
  confidence: Confidence;
}

/**
 * Re-ask each call that has dimensions below the confidence threshold k times at the arbitration temperature (each
 * with its own sample_index so caches keep them apart) and majority-vote those dimensions; confidence becomes the
 * vote share. One set of k re-asks serves every low dimension of a call (the answer covers the whole call), so its
 * records are named `arbitrate:<dim>[+<dim>...]#<k>`. Failed re-asks cast no vote; with no votes the original stays.
 */
export async function arbitrate(ctx: PipelineContext, input: ArbitrationInput): Promise<ArbitrationResult> {
  const result: ArbitrationResult = { records: [], decisions: [], labels: {}, confidence: {} };
  const { settings } = ctx;
  const rounds = CALLS.flatMap((call) => {
    const low = callDimensions(ctx.taxonomy, call).filter((d) => (input.confidence[d.id] ?? 0) < thresholdFor(settings.confidenceThreshold, d.id));
    if (low.length === 0) return [];
    // The same prompt as the original call (byte for byte): only temperature and sample_index differ.
    const rendered = ctx.renderer.render(call, {
      conversation: input.conversation,
      fitted: input.fitted,
      signals: input.signals,
      call1Labels: input.hints,
      call1Answer: input.answers.call1,
    });
    return [{ call, rendered, low }];
  });

  const outcomes = await Promise.all(
    rounds.map(async (round) => {
      const name = `arbitrate:${round.low.map((d) => d.id).join('+')}`;
      const ks = Array.from({ length: settings.arbitrationK }, (_, i) => i + 1);
      const runs = await Promise.all(
        ks.map((k) => runCall(ctx.call, { name: `${name}#${k}`, rendered: round.rendered, temperature: settings.arbitrationTemperature, sampleIndex: k })),
      );
      return { round, runs };
    }),
  );

  for (const { round, runs } of outcomes) {
    for (const r of runs) result.records.push(...r.records);
    const answers = runs.flatMap((r) => (r.answer ? [r.answer] : []));
    for (const dim of round.low) {
      const before = canonical(input.answers[round.call][dim.id]?.tags ?? [], dim, ctx);
      const votes = answers.map((a) => canonical(a[dim.id]?.tags ?? [], dim, ctx)).filter((tags) => tags.length > 0);
      const decided = decide(dim, votes, before);
      if (!decided) {
        result.decisions.push({ dimension: dim.id, before: shape(dim, before), after: shape(dim, before), votes: 0, confidence: input.confidence[dim.id] ?? 0 });
        continue;
      }
      result.labels[dim.id] = decided.tags;
      result.confidence[dim.id] = decided.share;
      result.decisions.push({ dimension: dim.id, before: shape(dim, before), after: shape(dim, decided.tags), votes: votes.length, confidence: decided.share });
    }
  }
  return result;
}

function decide(dim: Dimension, votes: string[][], before: string[]): { tags: string[]; share: number } | null {
  if (dim.selection === 'single') {
    const v = voteSingle(
      votes.map((t) => t[0] as string),
      before[0] ?? null,
    );
    return v && { tags: [v.tag], share: v.share };
  }
  return voteMulti(votes, { noneTag: dim.none_tag, max: dim.max });
}

/** Canonical ids of raw tags (unmapped spellings cast no vote). */
function canonical(tags: readonly string[], dim: Dimension, ctx: PipelineContext): string[] {
  const out: string[] = [];
  for (const t of tags) {
    const id = resolveTag(t, dim.id, ctx.taxonomy);
    if (id !== null && !out.includes(id)) out.push(id);
  }
  return out;
}

function shape(dim: Dimension, tags: string[]): string | string[] | null {
  if (dim.selection === 'multi') return tags;
  return tags[0] ?? null;
}
