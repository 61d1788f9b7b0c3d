import { callDimensionsOf, escalationReason, escalations, type Escalation } from '../../cascade/index.js';
import type { Conversation } from '../../conversation/index.js';
import type { Signals } from '../../preprocess/index.js';
import type { CallAnswer } from '../../prompts/index.js';
import type { Confidence } from '../../taxonomy/index.js';
import type { LabelIssues, LabelOutcome } from '../monitor.js';
import type { ConfidenceThreshold } from '../options.js';
import type { Labeler } from '../types.js';
import { runCall, type CallOutcome } from './call.js';
import type { PipelineContext } from './context.js';
import { askBoth, confidences, crashed, finishSample, labelSample, outcome, pipelineContext, rawLabels } from './labeler.js';
import type { LlmLabelerOptions } from './options.js';

export interface CascadeLabelerOptions {
  /** Labels everything (its arbitration is off: a cascade escalates low dimensions instead). */
  first: LlmLabelerOptions;
  /** Asked again for the calls with a low dimension; its answer wins for those dimensions. */
  then: LlmLabelerOptions;
  /** Escalation thresholds: one number or one per dimension (a promoted cascade's lock carries them). */
  threshold: ConfidenceThreshold;
}

/**
 * A cheap-then-strong cascade as one labeler: the first model asks call 1 and call 2; each call with a dimension
 * below its threshold (src/cascade's escalation rule) is asked again of the second model, whose answer replaces
 * those dimensions. The second model's call 2 is the same follow-up turn, after the FIRST model's call-1 answer
 * (the answer the sample's call-1 labels came from), so its prompt is consistent with what it re-asks. The monitor
 * records every call with its model and, in `issues.escalations`, which calls went to the second model and why.
 * A sample the first model fails is labeled by the second model entirely.
 */
export function createCascadeLabeler(options: CascadeLabelerOptions): Labeler {
  const first = pipelineContext({ ...options.first, arbitration: false });
  const then = pipelineContext({ ...options.then, arbitration: false });
  const name = `${options.first.model.id} -> ${options.then.model.id}`;
  return {
    name,
    label: (conversation, signals) => labelCascade({ first, then, threshold: options.threshold, name }, conversation, signals).catch((err: unknown) => crashed(first, err)),
  };
}

interface CascadeContext {
  first: PipelineContext;
  then: PipelineContext;
  threshold: ConfidenceThreshold;
  name: string;
}

async function labelCascade(ctx: CascadeContext, conversation: Conversation, signals: Signals): Promise<LabelOutcome> {
  const started = Date.now();
  const from = ctx.first.call.modelId;
  const to = ctx.then.call.modelId;
  const dims = callDimensionsOf(ctx.first.taxonomy);
  const pass = await askBoth(ctx.first, conversation, signals);
  if (!pass.answers) {
    // The first model could not label it: the second one labels the whole sample.
    const whole = await labelSample(ctx.then, conversation, signals);
    const reason = `${from} failed: ${pass.error}`;
    const all: Escalation[] = (['call1', 'call2'] as const).map((call) => ({ call, low: [] }));
    const issues: LabelIssues = {
      ...whole.labeling_monitor.issues,
      escalations: all.map((e) => ({ call: e.call, from, to, low: [], reason, answered: whole.labels !== null })),
    };
    return outcome(ctx.first, {
      labels: whole.labels,
      confidence: whole.confidence,
      calls: [...pass.calls, ...whole.labeling_monitor.calls],
      issues,
      latencyMs: Date.now() - started,
      error: whole.labeling_monitor.error,
    });
  }
  const { answers, fitted, hints, calls, issues } = pass;
  const confidence: Confidence = { ...confidences(answers.call1), ...confidences(answers.call2) };
  const raw: Record<string, string[]> = { ...rawLabels(answers.call1), ...rawLabels(answers.call2) };
  const routed = escalations(dims, confidence, ctx.threshold);
  const asked = await Promise.all(
    routed.map(async (e): Promise<{ e: Escalation; o: CallOutcome }> => {
      const rendered = ctx.then.renderer.render(e.call, { conversation, fitted, signals, call1Labels: hints, call1Answer: answers.call1 });
      return { e, o: await runCall(ctx.then.call, { name: e.call, rendered, temperature: ctx.then.settings.temperature }) };
    }),
  );
  const log: NonNullable<LabelIssues['escalations']> = [];
  for (const { e, o } of asked) {
    calls.push(...o.records);
    log.push({ call: e.call, from, to, low: e.low, reason: escalationReason(e), answered: o.answer !== null });
    if (!o.answer) continue;
    const answer: CallAnswer = o.answer;
    for (const l of e.low) {
      const a = answer[l.dimension];
      if (!a) continue;
      raw[l.dimension] = a.tags;
      confidence[l.dimension] = a.confidence;
    }
  }
  issues.escalations = log;
  return finishSample(ctx.first, { raw, confidence, calls, issues, signals, started });
}
