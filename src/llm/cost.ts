import type { Prices } from './registry-schema.js';
import type { ChatUsage } from './types.js';

export interface CostOptions {
  /** Fraction taken off by a batch API (0.5 = half price); default none. */
  batchDiscount?: number | null;
}

/**
 * Dollars for one call. `prompt_tokens` includes the cached ones (OpenAI cached_tokens and DeepSeek
 * prompt_cache_hit_tokens are both subsets), so cached tokens are priced at `cached_input` and only the rest at
 * `input`. Cache writes (Anthropic, `cache_write_tokens`) are priced at `cache_write` instead of `input` when the
 * table has one (1.25x input for the 5-minute cache: PROVIDERS.md 4, read 2026-12-04). Null when the model has no
 * price table.
 */
export function costUsd(usage: ChatUsage, prices: Prices | null, options: CostOptions = {}): number | null {
  if (!prices) return null;
  const cached = Math.min(usage.cached_tokens, usage.prompt_tokens);
  const uncached = usage.prompt_tokens - cached;
  const written = prices.cache_write !== undefined ? Math.min(usage.cache_write_tokens ?? 0, uncached) : 0;
  const dollars =
    ((uncached - written) * prices.input + written * (prices.cache_write ?? prices.input) + cached * prices.cached_input + usage.completion_tokens * prices.output) / 1e6;
  return dollars * (1 - (options.batchDiscount ?? 0));
}
