import { describe, expect, it } from 'vitest';
import { costUsd } from './cost.js';

describe('costUsd', () => {
  const prices = { input: 0.28, cached_input: 0.028, output: 0.42, as_of: '2025-12', source: 's', verify: false };
  it('prices cached prompt tokens apart from the rest', () => {
    const usage = { prompt_tokens: 1_000_000, cached_tokens: 400_000, completion_tokens: 100_000 };
    expect(costUsd(usage, prices)).toBeCloseTo(0.6 * 0.28 + 0.4 * 0.028 + 0.1 * 0.42, 12);
  });
  it('applies a batch discount and returns null without prices', () => {
    const usage = { prompt_tokens: 1_000_000, cached_tokens: 0, completion_tokens: 0 };
    expect(costUsd(usage, prices, { batchDiscount: 0.5 })).toBeCloseTo(0.14, 12);
    expect(costUsd(usage, null)).toBeNull();
  });
  it('prices Anthropic cache writes at cache_write, and ignores them without a write price', () => {
    const claude = { input: 3, cached_input: 0.3, cache_write: 3.75, output: 15, as_of: '2026', source: 's', verify: false };
    const usage = { prompt_tokens: 1_000_000, cached_tokens: 200_000, completion_tokens: 0, cache_write_tokens: 500_000 };
    expect(costUsd(usage, claude)).toBeCloseTo(0.3 * 3 + 0.5 * 3.75 + 0.2 * 0.3, 12);
    expect(costUsd(usage, prices)).toBeCloseTo(0.8 * 0.28 + 0.2 * 0.028, 12);
  });
});
