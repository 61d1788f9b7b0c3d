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
});
