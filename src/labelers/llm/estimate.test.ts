import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../conversation/index.js';
import { preprocess } from '../../preprocess/index.js';
import { createPromptRenderer, loadPromptVersion } from '../../prompts/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { estimateCost, MESSAGE_OVERHEAD } from './estimate.js';

const taxonomy = loadTaxonomy();
const conv = (id: string, text: string): Conversation => ({
  id,
  format: 'openai',
  tools: [],
  turns: [
    { role: 'user', content: text },
    { role: 'assistant', content: 'Here you go:\n```python\nprint(1)\n```' },
  ],
});
const samples = [conv('a', 'Print one in Python.'), conv('b', 'Print one in Python, but explain each step of how the interpreter runs it.')].map((c) => ({
  conversation: c,
  signals: preprocess(c, taxonomy),
}));
const renderer = (name: string, mode: 'json_object' | 'json_schema' = 'json_object') =>
  createPromptRenderer({ version: loadPromptVersion(name), taxonomy, responseFormat: mode });
const prices = { input: 1, cached_input: 0.1, output: 2 } as never;

describe('estimateCost', () => {
  it('counts the real prompts: the first request pays the prefix, later ones hit the cache', () => {
    const e = estimateCost(samples, { renderer: renderer('v2'), taxonomy, prices, assumptions: { arbitrationRate: 0 } });
    expect(e.samples.map((s) => s.id)).toEqual(['a', 'b']);
    expect(e.samples[0]?.cached_tokens).toBe(0);
    expect(e.samples[1]?.cached_tokens).toBe(e.system_tokens.call1 + e.system_tokens.call2);
    expect(e.samples[1]!.prompt_tokens).toBeGreaterThan(e.samples[0]!.prompt_tokens);
    expect(e.system_tokens.call1).toBe(countTokens(renderer('v2').system('call1')) + MESSAGE_OVERHEAD);
    expect(e.total.prompt_tokens).toBe(e.samples[0]!.prompt_tokens + e.samples[1]!.prompt_tokens);
    expect(e.total.cost_usd).toBeCloseTo((e.samples[0]!.cost_usd ?? 0) + (e.samples[1]!.cost_usd ?? 0), 12);
  });

  it('adds the expected arbitration share', () => {
    const none = estimateCost(samples, { renderer: renderer('v1'), taxonomy, prices, assumptions: { arbitrationRate: 0 } });
    const some = estimateCost(samples, { renderer: renderer('v1'), taxonomy, prices, assumptions: { arbitrationRate: 0.5 } });
    // 0.5 x 3 re-asks of an average call: 1.5 x half of the two calls' prompt tokens
    expect(some.samples[0]!.prompt_tokens).toBeCloseTo(none.samples[0]!.prompt_tokens * (1 + 1.5 / 2), -1);
    expect(some.total.cost_usd!).toBeGreaterThan(none.total.cost_usd!);
  });

  it('does not count a prefix below the provider minimum as cached, and has no price for unpriced models', () => {
    const e = estimateCost(samples, { renderer: renderer('v1'), taxonomy, prices: null, assumptions: { cacheMinTokens: 100_000 } });
    expect(e.total.cached_tokens).toBe(0);
    expect(e.total.cost_usd).toBeNull();
    expect(e.per_sample.cost_usd).toBeNull();
  });

  it('v3: call 2 is served from cache up to the end of call 1, and a re-ask is a cache hit', () => {
    const v3 = estimateCost(samples, { renderer: renderer('v3'), taxonomy, prices, assumptions: { arbitrationRate: 0 } });
    expect(v3.system_tokens.call1).toBe(v3.system_tokens.call2);
    // Warm: call 1 pays for the sample, call 2 for the answer replay and the follow-up turn only.
    expect(v3.calls.call2.cacheable_share).toBeGreaterThan(0.95);
    expect(v3.calls.call2.cached_tokens).toBeGreaterThanOrEqual(v3.calls.call1.prompt_tokens - 3);
    expect(v3.calls.call1.cached_tokens).toBe(v3.system_tokens.call1);
    // Cold: the first sample's call 1 pays for everything, its call 2 already hits on call 1.
    expect(v3.samples[0]!.cached_tokens).toBeGreaterThan(v3.system_tokens.call1);
    expect(v3.warm.cost_usd!).toBeLessThan(v3.per_sample.cost_usd!);

    const arb = estimateCost(samples, { renderer: renderer('v3'), taxonomy, prices, assumptions: { arbitrationRate: 1, arbitrationK: 2 } });
    const reasked = arb.warm.prompt_tokens - v3.warm.prompt_tokens;
    expect(reasked).toBeGreaterThan(0);
    expect(arb.warm.cached_tokens - v3.warm.cached_tokens).toBeCloseTo(reasked - 3 * 2, -1);
  });

  it('v2: no cache hit across its two calls (different system messages)', () => {
    const v2 = estimateCost(samples, { renderer: renderer('v2'), taxonomy, prices, assumptions: { arbitrationRate: 0 } });
    expect(v2.calls.call2.cached_tokens).toBe(v2.system_tokens.call2);
    expect(v2.calls.call2.cacheable_share).toBeLessThan(0.99);
  });

  it('counts the response_format schema as prefix tokens in json_schema mode', () => {
    const obj = estimateCost(samples, { renderer: renderer('v1', 'json_object'), taxonomy, prices });
    const strict = estimateCost(samples, { renderer: renderer('v1', 'json_schema'), taxonomy, prices });
    const r = renderer('v1', 'json_schema');
    expect(strict.system_tokens.call2).toBe(countTokens(r.system('call2')) + MESSAGE_OVERHEAD + countTokens(JSON.stringify(r.schema('call2'))));
    expect(Math.abs(strict.system_tokens.call1 - obj.system_tokens.call1)).toBeLessThan(40);
  });

  it("prices Anthropic cache writes at the write price and caches nothing under the model's minimum prefix", () => {
    const claude = { input: 3, cached_input: 0.3, cache_write: 3.75, output: 15 } as never;
    const base = estimateCost(samples, { renderer: renderer('v2'), taxonomy, prices: { input: 3, cached_input: 0.3, output: 15 } as never, assumptions: { arbitrationRate: 0 } });
    const writes = estimateCost(samples, { renderer: renderer('v2'), taxonomy, prices: claude, assumptions: { arbitrationRate: 0 } });
    const prefix = base.system_tokens.call1 + base.system_tokens.call2;
    expect(writes.total.cache_write_tokens).toBe(prefix);
    expect(writes.samples[0]?.cache_write_tokens).toBe(prefix);
    expect(writes.samples[1]?.cache_write_tokens).toBe(0);
    expect(writes.total.cost_usd! - base.total.cost_usd!).toBeCloseTo((prefix * 0.75) / 1e6, 10);
    // Opus 4.5's 4096-token minimum: a shorter prefix is never cached, so nothing is written either.
    const opus = estimateCost(samples, { renderer: renderer('v2'), taxonomy, prices: claude, assumptions: { arbitrationRate: 0, cacheMinTokens: 100_000 } });
    expect(opus.total).toMatchObject({ cached_tokens: 0, cache_write_tokens: 0 });
  });
});
