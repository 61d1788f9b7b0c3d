import type { Conversation } from '../conversation/index.js';
import { endpointHost, refusalFix, type ModelEntry } from '../llm/index.js';
import { labelOne, resolveLabeler, type CallRecord, type LabelOutcome } from '../labelers/index.js';
import { preprocess } from '../preprocess/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { checkLabelSet } from '../validate/index.js';

/** One configuration to try: a model (registry id or an experiment's inline entry) with its prompt and options. */
export interface DoctorTarget {
  /** Printed name (`deepseek-v4-flash__v2`). */
  name: string;
  model: string;
  /** An experiment's inline model entry for `model`, when it is not in the registry. */
  inline?: ModelEntry;
  prompt?: string;
  temperature?: number;
  maxTokens?: number;
}

/** What one configuration did with two real samples. */
export interface DoctorRow {
  name: string;
  model: string;
  /** Endpoint host (never a key), or null when the endpoint could not be resolved. */
  host: string | null;
  /** Every request got an HTTP answer (no refusal). */
  accepted: boolean;
  /** Every answer parsed against the call's schema. */
  parsed: boolean;
  /** Both samples got labels that pass the taxonomy's cardinality checks. */
  tagsValid: boolean;
  /** Prompt tokens served from the provider cache on the second sample (the static prefix should be). */
  cachedTokens: number;
  servedModel: string | null;
  reasoningTokens: number;
  /** Of the first sample, both calls. */
  latencyMs: number;
  /** Of both samples; null when the model has no price. */
  costUsd: number | null;
  /** Why the configuration is unusable (status, provider message, what to change), or null. */
  problem: string | null;
}

export interface ProbeContext {
  taxonomy: Taxonomy;
  /** Two samples: the second one shows whether the prompt prefix is cached. */
  samples: readonly Conversation[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  baseUrl?: string;
  models?: string;
  gateway?: boolean;
  /** Per-attempt timeout; default 120 000 ms. */
  timeoutMs?: number;
}

export const isUsable = (row: DoctorRow): boolean => row.accepted && row.parsed && row.tagsValid;

/**
 * Label the samples once with a configuration, one at a time, without the response cache, arbitration or more than
 * one retry (a real provider bills every request). Never throws for an endpoint problem: it becomes `problem`.
 */
export async function probeConfiguration(target: DoctorTarget, ctx: ProbeContext): Promise<DoctorRow> {
  const row: DoctorRow = { name: target.name, model: target.model, host: null, accepted: false, parsed: false, tagsValid: false, cachedTokens: 0, servedModel: null, reasoningTokens: 0, latencyMs: 0, costUsd: null, problem: null };
  let resolved;
  try {
    resolved = await resolveLabeler({
      model: target.model,
      taxonomy: ctx.taxonomy,
      ...(ctx.baseUrl !== undefined ? { baseUrl: ctx.baseUrl } : {}),
      ...(ctx.models !== undefined ? { models: ctx.models } : {}),
      ...(ctx.gateway ? { gateway: true } : {}),
      ...(target.inline ? { extraModels: { [target.model]: target.inline } } : {}),
      ...(target.prompt ? { prompt: target.prompt } : {}),
      ...(target.temperature !== undefined ? { temperature: target.temperature } : {}),
      ...(target.maxTokens !== undefined ? { maxTokens: target.maxTokens } : {}),
      cacheMode: 'off',
      arbitration: false,
      concurrency: 1,
      maxRetries: 1,
      timeoutMs: ctx.timeoutMs ?? 120_000,
      env: ctx.env,
      cwd: ctx.cwd,
    });
  } catch (err) {
    return { ...row, problem: `cannot connect: ${(err as Error).message}` };
  }
  row.host = resolved.endpoint ? endpointHost(resolved.endpoint) : null;
  try {
    const outcomes: LabelOutcome[] = [];
    for (const sample of ctx.samples) {
      const outcome = await labelOne(sample, { labeler: resolved.labeler, taxonomy: ctx.taxonomy, model: target.model, preprocess });
      outcomes.push(outcome);
      if (outcome.labeling_monitor.calls.some((c) => c.failure)) break; // a refused request is refused again
    }
    return summarise(row, outcomes, ctx.taxonomy);
  } finally {
    await resolved.close();
  }
}

function summarise(row: DoctorRow, outcomes: readonly LabelOutcome[], taxonomy: Taxonomy): DoctorRow {
  const calls: CallRecord[] = outcomes.flatMap((o) => o.labeling_monitor.calls);
  const refused = calls.find((c) => c.failure);
  const unparsed = calls.find((c) => !c.failure && c.error !== null && !c.name.startsWith('repair:'));
  const labeled = outcomes.filter((o) => o.labels !== null);
  const invalid = labeled.flatMap((o) => (o.labels ? checkLabelSet(o.labels, taxonomy) : []));
  const costs = calls.map((c) => c.cost_usd);
  const second = outcomes[1]?.labeling_monitor.calls ?? [];
  const out: DoctorRow = {
    ...row,
    accepted: calls.length > 0 && !refused,
    parsed: calls.length > 0 && !refused && labeled.length === outcomes.length,
    tagsValid: labeled.length === outcomes.length && outcomes.length > 0 && invalid.length === 0,
    cachedTokens: second.reduce((n, c) => n + c.cached_tokens, 0),
    servedModel: calls.find((c) => c.served_model)?.served_model ?? null,
    reasoningTokens: calls.reduce((n, c) => n + (c.reasoning_tokens ?? 0), 0),
    latencyMs: Math.round(outcomes[0]?.labeling_monitor.latency_ms ?? 0),
    costUsd: costs.some((c) => c === null) ? null : costs.reduce((n: number, c) => n + (c ?? 0), 0),
  };
  if (refused?.failure) out.problem = refusalAdvice(refused);
  else if (!out.parsed) out.problem = `answers not usable: ${(unparsed?.error ?? outcomes.find((o) => o.labels === null)?.labeling_monitor.error ?? 'no labels').slice(0, 240)}`;
  else if (!out.tagsValid) out.problem = `labels break the taxonomy's rules: ${invalid.slice(0, 3).join('; ')}`;
  return out;
}

/** Status, the provider's words, and what usually fixes it. */
function refusalAdvice(call: CallRecord): string {
  const f = call.failure!;
  const said = f.provider_message ?? call.error ?? '';
  const status = f.status !== undefined ? `HTTP ${f.status}` : f.kind;
  return `${status}: ${said.slice(0, 200)} -> ${refusalFix(f, said)}`;
}
