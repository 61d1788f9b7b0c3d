import type { Conversation } from '../../conversation/index.js';
import type { Signals } from '../../preprocess/index.js';
import { CALLS, callDimensions, tokenizer, type CallName, type PromptRenderer } from '../../prompts/index.js';
import type { Labels, Taxonomy } from '../../taxonomy/index.js';
import { costUsd, type ChatUsage, type Prices } from '../../llm/index.js';

/** o200k token count (the tokenizer tables load on first use). */
function countTokens(text: string): number {
  return tokenizer().countTokens(text);
}

/**
 * Assumptions of `sft-label estimate`, written down because the numbers depend on them:
 * - tokens are counted with gpt-tokenizer's o200k_base; other tokenizers differ (DeepSeek, Qwen by ~10-20%, Claude
 *   more: keep a margin);
 * - each chat message costs MESSAGE_OVERHEAD tokens of framing on top of its text; in json_schema mode the schema
 *   sent as response_format counts as prompt tokens of the cached prefix;
 * - the system message of each call (identical for every sample) is served from the provider's prompt cache for
 *   every request after the first one of that call, when it reaches `cacheMinTokens` (OpenAI 1024; DeepSeek caches
 *   any prefix, Anthropic needs 1024-4096 and an explicit breakpoint);
 * - an answer is about as long as a typical answer with typical tag counts (reasoning models spend more);
 * - arbitration re-asks one call k times for a share `arbitrationRate` of the samples; those re-asks repeat a prompt
 *   already sent, so their system message is cached like any other request.
 */
export interface EstimateAssumptions {
  /** Share of samples that need one arbitration round (k re-asks of one call); default 0.25. */
  arbitrationRate: number;
  arbitrationK: number;
  /** Smallest prefix a provider caches; default 1024. */
  cacheMinTokens: number;
}

export const DEFAULT_ESTIMATE_ASSUMPTIONS: EstimateAssumptions = { arbitrationRate: 0.25, arbitrationK: 3, cacheMinTokens: 1024 };

/** Framing tokens per chat message (role, separators) as in OpenAI's chat format. */
export const MESSAGE_OVERHEAD = 4;

export interface SampleEstimate {
  id: string;
  prompt_tokens: number;
  cached_tokens: number;
  completion_tokens: number;
  truncated: boolean;
  /** Null when the model has no price. */
  cost_usd: number | null;
}

export interface Estimate {
  samples: SampleEstimate[];
  total: { samples: number; prompt_tokens: number; cached_tokens: number; completion_tokens: number; cost_usd: number | null };
  per_sample: { prompt_tokens: number; cached_tokens: number; completion_tokens: number; cost_usd: number | null };
  /** Tokens of each call's system message (the cached prefix). */
  system_tokens: Record<CallName, number>;
  assumptions: EstimateAssumptions;
}

export interface EstimateOptions {
  renderer: PromptRenderer;
  taxonomy: Taxonomy;
  prices: Prices | null;
  tokenBudget?: number;
  assumptions?: Partial<EstimateAssumptions>;
}

/**
 * Render the real prompts of every sample and count their tokens; nothing is sent. `samples` are processed in
 * order (the first request of each call pays for its system message uncached). Pure apart from token counting.
 */
export function estimateCost(samples: Iterable<{ conversation: Conversation; signals: Signals }>, options: EstimateOptions): Estimate {
  const assumptions = { ...DEFAULT_ESTIMATE_ASSUMPTIONS, ...options.assumptions };
  const { renderer, taxonomy } = options;
  const system = Object.fromEntries(CALLS.map((c) => [c, countTokens(renderer.system(c)) + MESSAGE_OVERHEAD + schemaTokens(renderer, c)])) as Record<
    CallName,
    number
  >;
  const cacheable = (c: CallName): number => (system[c] >= assumptions.cacheMinTokens ? system[c] : 0);
  const completion = Object.fromEntries(CALLS.map((c) => [c, countTokens(typicalAnswer(taxonomy, c))])) as Record<CallName, number>;
  const hints = typicalCall1Labels(taxonomy);
  const out: SampleEstimate[] = [];
  let first = true;
  for (const { conversation, signals } of samples) {
    let usage: ChatUsage = { prompt_tokens: 0, cached_tokens: 0, completion_tokens: 0 };
    let truncated = false;
    const perCall = {} as Record<CallName, number>;
    for (const call of CALLS) {
      const r = renderer.render(call, { conversation, signals, call1Labels: hints, tokenBudget: options.tokenBudget });
      truncated ||= r.truncation !== null;
      const prompt = system[call] + countTokens(r.messages[1]?.content ?? '') + MESSAGE_OVERHEAD + 3;
      perCall[call] = prompt;
      usage = add(usage, { prompt_tokens: prompt, cached_tokens: first ? 0 : cacheable(call), completion_tokens: completion[call] });
    }
    // Expected arbitration: rate x k re-asks of an average call.
    const arb = assumptions.arbitrationRate * assumptions.arbitrationK;
    const avg = (x: Record<CallName, number>): number => (x.call1 + x.call2) / 2;
    usage = add(usage, {
      prompt_tokens: Math.round(arb * avg(perCall)),
      cached_tokens: Math.round(arb * avg({ call1: cacheable('call1'), call2: cacheable('call2') })),
      completion_tokens: Math.round(arb * avg(completion)),
    });
    out.push({ id: conversation.id, ...usage, truncated, cost_usd: costUsd(usage, options.prices) });
    first = false;
  }
  return summarise(out, system, assumptions, options.prices);
}

function summarise(samples: SampleEstimate[], system: Record<CallName, number>, assumptions: EstimateAssumptions, prices: Prices | null): Estimate {
  const sum = (k: 'prompt_tokens' | 'cached_tokens' | 'completion_tokens'): number => samples.reduce((s, x) => s + x[k], 0);
  const totalUsage = { prompt_tokens: sum('prompt_tokens'), cached_tokens: sum('cached_tokens'), completion_tokens: sum('completion_tokens') };
  const cost = costUsd(totalUsage, prices);
  const n = Math.max(1, samples.length);
  return {
    samples,
    total: { samples: samples.length, ...totalUsage, cost_usd: cost },
    per_sample: {
      prompt_tokens: Math.round(totalUsage.prompt_tokens / n),
      cached_tokens: Math.round(totalUsage.cached_tokens / n),
      completion_tokens: Math.round(totalUsage.completion_tokens / n),
      cost_usd: cost === null ? null : cost / n,
    },
    system_tokens: system,
    assumptions,
  };
}

/**
 * In json_schema mode the provider turns response_format into prompt tokens ahead of the messages (part of the cached
 * prefix); in json_object mode the schema is already inside the system message.
 */
function schemaTokens(renderer: PromptRenderer, call: CallName): number {
  const rf = renderer.responseFormat;
  return rf === 'json_schema' ? countTokens(JSON.stringify(renderer.schema(call))) : 0;
}

function add(a: ChatUsage, b: ChatUsage): ChatUsage {
  return {
    prompt_tokens: a.prompt_tokens + b.prompt_tokens,
    cached_tokens: a.cached_tokens + b.cached_tokens,
    completion_tokens: a.completion_tokens + b.completion_tokens,
  };
}

/** Typical tag counts: one for single dimensions, two for multi ones (capped by max). */
function typicalTags(dim: { selection: string; max: number; tags: { id: string }[] }): string[] {
  const n = dim.selection === 'single' ? 1 : Math.min(2, dim.max);
  return dim.tags.slice(0, n).map((t) => t.id);
}

function typicalAnswer(tax: Taxonomy, call: CallName): string {
  return JSON.stringify(Object.fromEntries(callDimensions(tax, call).map((d) => [d.id, { tags: typicalTags(d), confidence: 0.85 }])));
}

function typicalCall1Labels(tax: Taxonomy): Labels {
  return Object.fromEntries(callDimensions(tax, 'call1').map((d) => [d.id, d.selection === 'single' ? (typicalTags(d)[0] ?? '') : typicalTags(d)]));
}
