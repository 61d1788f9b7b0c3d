import type { Conversation } from '../../conversation/index.js';
import { ConfigError } from '../../errors/index.js';
import { buildMonitor, type CallRecord, type LabelIssues, type LabelOutcome } from '../monitor.js';
import type { Labeler } from '../types.js';
import type { Signals } from '../../preprocess/index.js';
import { createPromptRenderer, loadPromptVersion, type CallAnswer, type CallName, type FittedConversation } from '../../prompts/index.js';
import type { Confidence, Labels } from '../../taxonomy/index.js';
import { normaliseLabels, validateLabels } from '../../validate/index.js';
import { arbitrate } from './arbitrate.js';
import { costUsd } from '../../llm/index.js';
import { runCall } from './call.js';
import type { PipelineContext } from './context.js';
import { LlmLabelerSettingsSchema, type LlmLabelerOptions } from './options.js';

export type { PipelineContext } from './context.js';

/** Monitor name of this labeler. */
export const LLM_LABELER = 'llm';

/**
 * The two-call LLM labeler: call 1 (intent, language, domain, task, difficulty) -> call 2 (concept, agentic,
 * constraint, context; given call 1's labels and the signals) -> validate -> arbitrate dimensions below the
 * confidence threshold. A sample that cannot be labeled comes back with `labels: null` and the reason, never a throw.
 */
export function createLlmLabeler(options: LlmLabelerOptions): Labeler {
  const ctx = pipelineContext(options);
  return { name: options.model.id, label: (conversation, signals) => labelSample(ctx, conversation, signals).catch((err: unknown) => crashed(ctx, err)) };
}

/** The pipeline context of a labeler's options (checked: a bad setting is a ConfigError). */
export function pipelineContext(options: LlmLabelerOptions): PipelineContext {
  const parsed = LlmLabelerSettingsSchema.safeParse(options);
  if (!parsed.success)
    throw new ConfigError(
      'invalid LLM labeler settings',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  const settings = parsed.data;
  const version = typeof options.promptVersion === 'string' ? loadPromptVersion(options.promptVersion) : options.promptVersion;
  const prices = options.model.prices ?? null;
  const ctx: PipelineContext = {
    taxonomy: options.taxonomy,
    renderer: createPromptRenderer({ version, taxonomy: options.taxonomy, responseFormat: options.model.responseFormat }),
    settings,
    call: {
      client: options.client,
      providerModel: options.model.providerModel,
      modelId: options.model.id,
      maxTokens: settings.maxTokens,
      cost: options.costFn ?? ((usage) => costUsd(usage, prices)),
    },
  };
  return ctx;
}

/** Label one conversation. Reads like the pipeline: call 1, call 2, validate, arbitrate, validate again. */
export async function labelSample(ctx: PipelineContext, conversation: Conversation, signals: Signals): Promise<LabelOutcome> {
  const started = Date.now();
  const pass = await askBoth(ctx, conversation, signals);
  const { calls, issues } = pass;
  if (!pass.answers) return outcome(ctx, { labels: null, confidence: {}, calls, issues, latencyMs: Date.now() - started, error: pass.error });
  const { answers, hints, fitted } = pass;
  let raw: Record<string, string[]> = { ...rawLabels(answers.call1), ...rawLabels(answers.call2) };
  let confidence: Confidence = { ...confidences(answers.call1), ...confidences(answers.call2) };
  if (ctx.settings.arbitration) {
    const arb = await arbitrate(ctx, { conversation, fitted, signals, hints, answers, confidence });
    calls.push(...arb.records);
    issues.arbitration = arb.decisions;
    raw = { ...raw, ...arb.labels };
    confidence = { ...confidence, ...arb.confidence };
  }
  return finishSample(ctx, { raw, confidence, calls, issues, signals, started });
}

/** Call 1 then call 2 of one model: their answers (null with the reason when a call failed) and records. */
export interface FirstPass {
  answers: Record<CallName, CallAnswer> | null;
  error: string;
  /** Call 1's canonical labels (the hints call 2 was given). */
  hints: Labels;
  fitted: FittedConversation;
  calls: CallRecord[];
  issues: LabelIssues;
}

/** Ask call 1, then call 2 (v3: as a follow-up turn after call 1's answer). Never throws for a failed call. */
export async function askBoth(ctx: PipelineContext, conversation: Conversation, signals: Signals): Promise<FirstPass> {
  const calls: CallRecord[] = [];
  const issues = emptyIssues();
  const fitted = ctx.renderer.fit(conversation, { tokenBudget: ctx.settings.tokenBudget });
  issues.truncation = fitted.truncation;
  const r1 = ctx.renderer.render('call1', { conversation, fitted });
  const o1 = await runCall(ctx.call, { name: 'call1', rendered: r1, temperature: ctx.settings.temperature });
  calls.push(...o1.records);
  if (!o1.answer) return { answers: null, error: o1.error ?? 'call1 failed', hints: {}, fitted, calls, issues };
  const hints = normaliseLabels(rawLabels(o1.answer), ctx.taxonomy).labels;
  // v1/v2 show call 2 the hints; v3 replays call 1's answer as the assistant turn (the renderer picks).
  const r2 = ctx.renderer.render('call2', { conversation, fitted, signals, call1Labels: hints, call1Answer: o1.answer });
  const o2 = await runCall(ctx.call, { name: 'call2', rendered: r2, temperature: ctx.settings.temperature });
  calls.push(...o2.records);
  if (!o2.answer) return { answers: null, error: o2.error ?? 'call2 failed', hints, fitted, calls, issues };
  return { answers: { call1: o1.answer, call2: o2.answer }, error: '', hints, fitted, calls, issues };
}

/** Validate the raw labels (tag pools, aliases, repair, consistency rules) and build the outcome. */
export function finishSample(
  ctx: PipelineContext,
  s: { raw: Record<string, string[]>; confidence: Confidence; calls: CallRecord[]; issues: LabelIssues; signals: Signals; started: number },
): LabelOutcome {
  const v = validateLabels(s.raw, ctx.taxonomy, s.signals, { repair: true });
  Object.assign(s.issues, {
    unmapped: v.unmapped,
    mapped: v.mapped,
    repaired: v.repaired,
    violations: v.violations,
    skipped_rules: v.skipped_rules,
  });
  return outcome(ctx, { labels: v.labels, confidence: s.confidence, calls: s.calls, issues: s.issues, latencyMs: Date.now() - s.started, error: null });
}

/**
 * The Labeler contract says a sample's failure is an outcome, never a throw: anything unexpected (a bug, a client
 * that throws outside its contract) becomes `labels: null` with the reason, so one sample cannot stop a run.
 */
export function crashed(ctx: PipelineContext, err: unknown): LabelOutcome {
  const error = `internal error: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
  return outcome(ctx, { labels: null, confidence: {}, calls: [], issues: emptyIssues(), latencyMs: 0, error });
}

/** A sample's outcome, its labeling_monitor built by the one monitor builder. */
export function outcome(
  ctx: PipelineContext,
  o: { labels: Labels | null; confidence: Confidence; calls: CallRecord[]; issues: LabelIssues; latencyMs: number; error: string | null },
): LabelOutcome {
  return {
    labels: o.labels,
    confidence: o.confidence,
    labeling_monitor: buildMonitor({
      labeler: LLM_LABELER,
      model: ctx.call.modelId,
      promptVersion: ctx.renderer.version.name,
      taxonomyVersion: ctx.taxonomy.version,
      calls: o.calls,
      issues: o.issues,
      latencyMs: o.latencyMs,
      error: o.error,
    }),
  };
}

/** Tags of each answered dimension, as given (validation maps spellings). */
export function rawLabels(answer: CallAnswer): Record<string, string[]> {
  return Object.fromEntries(Object.entries(answer).map(([dim, a]) => [dim, a.tags]));
}

export function confidences(answer: CallAnswer): Confidence {
  return Object.fromEntries(Object.entries(answer).map(([dim, a]) => [dim, a.confidence]));
}

export function emptyIssues(): LabelIssues {
  return { unmapped: [], mapped: [], repaired: [], violations: [], skipped_rules: [], arbitration: [], truncation: null };
}
