import type { Conversation } from '../../conversation/index.js';
import type { Signals } from '../../preprocess/index.js';
import { CALLS, callDimensions, tokenizer, type CallAnswer, type CallName, type PromptRenderer } from '../../prompts/index.js';
import type { Labels, Taxonomy } from '../../taxonomy/index.js';
import { costUsd, type ChatUsage, type Prices } from '../../llm/index.js';
import { PrefixCacheModel, promptSegments } from './prefix-cache.js';

/** o200k token count (the tokenizer tables load on first use). */
function countTokens(text: string): number {
  return tokenizer().countTokens(text);
}

/**
 * Assumptions of `sft-label estimate`, written down because the numbers depend on them:
 * - tokens are counted with gpt-tokenizer's o200k_base; other tokenizers differ (DeepSeek, Qwen by ~10-20%, Claude
 *   more: keep a margin);
 * - each chat message costs MESSAGE_OVERHEAD tokens of framing on top of its text; in json_schema mode the schema
 *   sent as response_format counts as prompt tokens ahead of the messages;
 * - prompt caching follows PrefixCacheModel: a request is served from cache up to the longest run of leading
 *   messages an earlier request already sent, when that run reaches `cacheMinTokens` (OpenAI 1024; DeepSeek caches
 *   prefix units of any earlier request; Anthropic needs 1024-4096 and an explicit breakpoint). So the static system
 *   message hits from the second sample on; in prompt v3 call 2 also hits on all of call 1's prompt;
 * - Anthropic silently caches nothing below 1024 tokens on Sonnet 4.x and 4096 on Opus 4.5 (the registry's
 *   `min_cache_prefix_tokens`, read 2026-12-04, given as `cacheMinTokens`); where the price table has `cache_write`
 *   (Anthropic: 1.25x input for the 5-minute cache), a request whose static prefix (schema and system message) is
 *   not cached yet writes it at that price instead of `input`;
 * - "warm" numbers assume the static prefixes are already cached (a long run's steady state); the run totals start
 *   cold, with the first sample paying for them;
 * - an answer is about as long as a typical answer with typical tag counts (reasoning models spend more);
 * - arbitration re-asks one call k times for a share `arbitrationRate` of the samples; a re-ask repeats the original
 *   request (only temperature and sample index differ), so its whole prompt is a cache hit.
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
/** Tokens that prime the reply, once per request. */
const REPLY_PRIMING = 3;

export interface SampleEstimate {
  id: string;
  prompt_tokens: number;
  cached_tokens: number;
  completion_tokens: number;
  /** Prompt tokens written to the provider cache (priced at `cache_write` where the table has one). */
  cache_write_tokens: number;
  truncated: boolean;
  /** Null when the model has no price. */
  cost_usd: number | null;
}

/** Per sample, averaged: what one call sends and how much of it a warm provider cache serves. */
export interface CallEstimate {
  prompt_tokens: number;
  cached_tokens: number;
  /** cached / prompt (0 when nothing is sent). */
  cacheable_share: number;
}

export interface Estimate {
  /** The run as it would happen, starting with a cold cache. */
  samples: SampleEstimate[];
  total: { samples: number; prompt_tokens: number; cached_tokens: number; completion_tokens: number; cache_write_tokens: number; cost_usd: number | null };
  per_sample: { prompt_tokens: number; cached_tokens: number; completion_tokens: number; cost_usd: number | null };
  /** Per sample with the static prefixes already cached (a long run's steady state), arbitration included. */
  warm: { prompt_tokens: number; cached_tokens: number; completion_tokens: number; cost_usd: number | null };
  /** Per call with a warm cache, arbitration excluded. */
  calls: Record<CallName, CallEstimate>;
  /** Tokens of each call's static prefix (schema in json_schema mode, then the system message). */
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

type Sample = { conversation: Conversation; signals: Signals };
/** The warm-up sample has no signals (its call 2 shares nothing with real ones anyway). */
type WarmableSample = { conversation: Conversation; signals?: Signals };

/**
 * Render the real prompts of every sample and count their tokens; nothing is sent. `samples` are processed in
 * order (the cold run: the first request of each call pays for its system message uncached), and once more after a
 * warm-up request (the warm numbers). Pure apart from token counting.
 */
export function estimateCost(samples: Iterable<Sample>, options: EstimateOptions): Estimate {
  const assumptions = { ...DEFAULT_ESTIMATE_ASSUMPTIONS, ...options.assumptions };
  const list = [...samples];
  const cold = new PrefixCacheModel(assumptions.cacheMinTokens);
  const coldRows = list.map((s) => estimateSample(s, cold, options, assumptions));
  // Warm: as if a throw-away sample had gone first, persisting every static prefix. From the second sample on the cold
  // run is already in that state (the first sample persisted them), so only the first sample is estimated again.
  const warm = new PrefixCacheModel(assumptions.cacheMinTokens);
  estimateSample(warmUpSample(), warm, options, assumptions);
  const warmRows = list.length ? [estimateSample(list[0] as Sample, warm, options, assumptions), ...coldRows.slice(1)] : [];
  const n = Math.max(1, list.length);
  const mean = (rows: SampleRow[], f: (r: SampleRow) => number): number => rows.reduce((a, r) => a + f(r), 0) / n;
  const warmUsage = {
    prompt_tokens: Math.round(mean(warmRows, (r) => r.usage.prompt_tokens)),
    cached_tokens: Math.round(mean(warmRows, (r) => r.usage.cached_tokens)),
    completion_tokens: Math.round(mean(warmRows, (r) => r.usage.completion_tokens)),
  };
  const calls = Object.fromEntries(
    CALLS.map((c) => {
      const prompt = mean(warmRows, (r) => r.calls[c].prompt_tokens);
      const cached = mean(warmRows, (r) => r.calls[c].cached_tokens);
      return [c, { prompt_tokens: Math.round(prompt), cached_tokens: Math.round(cached), cacheable_share: prompt ? cached / prompt : 0 }];
    }),
  ) as Record<CallName, CallEstimate>;
  const system = staticPrefixTokens(options.renderer);
  const base = summarise(
    coldRows.map((r) => r.row),
    system,
    assumptions,
    options.prices,
  );
  const warmCost = list.length ? mean(warmRows, (r) => r.row.cost_usd ?? 0) : 0;
  return { ...base, warm: { ...warmUsage, cost_usd: options.prices ? warmCost : null }, calls };
}

interface SampleRow {
  row: SampleEstimate;
  usage: ChatUsage;
  calls: Record<CallName, ChatUsage>;
}

/** One sample's requests through the cache model: call 1, call 2, then the expected arbitration re-asks. */
function estimateSample(sample: WarmableSample, cache: PrefixCacheModel, options: EstimateOptions, assumptions: EstimateAssumptions): SampleRow {
  const { renderer, taxonomy } = options;
  const { conversation, signals } = sample;
  const fitted = renderer.fit(conversation, { tokenBudget: options.tokenBudget });
  const calls = {} as Record<CallName, ChatUsage>;
  const reaskCached = {} as Record<CallName, number>;
  for (const call of CALLS) {
    const r = renderer.render(call, { conversation, fitted, signals, call1Labels: typicalLabels(taxonomy), call1Answer: typicalAnswer(taxonomy, 'call1') });
    const segments = promptSegments(r, countTokens, MESSAGE_OVERHEAD);
    const prompt = segments.reduce((a, s) => a + s.tokens, 0) + REPLY_PRIMING;
    // The static prefix (schema sent ahead, system message) is written to the cache by the request that first sends it.
    const staticCount = r.response_format.type === 'json_schema' ? 2 : 1;
    const written = options.prices?.cache_write !== undefined ? cache.unpersisted(segments.slice(0, staticCount)) : 0;
    calls[call] = {
      prompt_tokens: prompt,
      cached_tokens: cache.send(segments),
      completion_tokens: countTokens(typicalAnswerText(renderer, taxonomy, call)),
      ...(written ? { cache_write_tokens: written } : {}),
    };
    // A re-ask repeats this very request: what the cache would serve it once the original has been sent.
    reaskCached[call] = cache.send(segments);
  }
  // Expected arbitration: rate x k re-asks of an average call.
  const arb = assumptions.arbitrationRate * assumptions.arbitrationK;
  const avg = (x: Record<CallName, number>): number => (x.call1 + x.call2) / 2;
  const of = (k: 'prompt_tokens' | 'completion_tokens'): Record<CallName, number> => ({ call1: calls.call1[k], call2: calls.call2[k] });
  const usage = add(add(calls.call1, calls.call2), {
    prompt_tokens: Math.round(arb * avg(of('prompt_tokens'))),
    cached_tokens: Math.round(arb * avg(reaskCached)),
    completion_tokens: Math.round(arb * avg(of('completion_tokens'))),
  });
  const row = { id: conversation.id, ...usage, cache_write_tokens: usage.cache_write_tokens ?? 0, truncated: fitted.truncation !== null, cost_usd: costUsd(usage, options.prices) };
  return { row, usage, calls };
}

/** Tokens of each call's static prefix: the leading segments up to and including the system message. */
function staticPrefixTokens(renderer: PromptRenderer): Record<CallName, number> {
  return Object.fromEntries(
    CALLS.map((c) => {
      const rf = renderer.responseFormat === 'json_schema' ? countTokens(JSON.stringify(renderer.schema(c))) : 0;
      return [c, rf + countTokens(renderer.system(c)) + MESSAGE_OVERHEAD];
    }),
  ) as Record<CallName, number>;
}

/** A sample that shares nothing with real ones but the static prompt parts: it warms the cache. */
function warmUpSample(): WarmableSample {
  return { conversation: { id: 'warm-up', format: 'openai', tools: [], turns: [{ role: 'user', content: '(cache warm-up)' }] } };
}

function summarise(samples: SampleEstimate[], system: Record<CallName, number>, assumptions: EstimateAssumptions, prices: Prices | null): Omit<Estimate, 'warm' | 'calls'> {
  const sum = (k: 'prompt_tokens' | 'cached_tokens' | 'completion_tokens'): number => samples.reduce((s, x) => s + x[k], 0);
  const totalUsage = { prompt_tokens: sum('prompt_tokens'), cached_tokens: sum('cached_tokens'), completion_tokens: sum('completion_tokens') };
  const writes = samples.reduce((a, x) => a + x.cache_write_tokens, 0);
  const cost = costUsd({ ...totalUsage, cache_write_tokens: writes }, prices);
  const n = Math.max(1, samples.length);
  return {
    samples,
    total: { samples: samples.length, ...totalUsage, cache_write_tokens: writes, cost_usd: cost },
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

function add(a: ChatUsage, b: ChatUsage): ChatUsage {
  const writes = (a.cache_write_tokens ?? 0) + (b.cache_write_tokens ?? 0);
  return {
    prompt_tokens: a.prompt_tokens + b.prompt_tokens,
    cached_tokens: a.cached_tokens + b.cached_tokens,
    completion_tokens: a.completion_tokens + b.completion_tokens,
    ...(writes ? { cache_write_tokens: writes } : {}),
  };
}

/** Typical tag counts: one for single dimensions, two for multi ones (capped by max). */
function typicalTags(dim: { selection: string; max: number; tags: { id: string }[] }): string[] {
  const n = dim.selection === 'single' ? 1 : Math.min(2, dim.max);
  return dim.tags.slice(0, n).map((t) => t.id);
}

/** A typical answer of a call (its completion tokens; v3 replays call 1's as call 2's assistant turn). */
function typicalAnswer(tax: Taxonomy, call: CallName): CallAnswer {
  return Object.fromEntries(callDimensions(tax, call).map((d) => [d.id, { tags: typicalTags(d), confidence: 0.85 }]));
}

/** The typical answer as the model writes it (v3 in json_schema mode adds null for the other call's dimensions). */
function typicalAnswerText(renderer: PromptRenderer, tax: Taxonomy, call: CallName): string {
  return renderer.answer(call, typicalAnswer(tax, call));
}

function typicalLabels(tax: Taxonomy): Labels {
  return Object.fromEntries(callDimensions(tax, 'call1').map((d) => [d.id, d.selection === 'single' ? (typicalTags(d)[0] ?? '') : typicalTags(d)]));
}
