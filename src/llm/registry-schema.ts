import { z } from 'zod';

/** USD per 1M tokens, dated: prices drift, so every table says when and where it was read. */
export const PricesSchema = z
  .object({
    input: z.number().min(0).describe('uncached prompt tokens'),
    cached_input: z.number().min(0).describe('prompt tokens served from the provider prompt cache'),
    cache_write: z.number().min(0).optional().describe('Anthropic cache writes (informational; not in costUsd)'),
    output: z.number().min(0).describe('completion tokens, reasoning included'),
    as_of: z.string().regex(/^\d{4}(-\d{2}){0,2}$/, 'expected a date YYYY, YYYY-MM or YYYY-MM-DD'),
    source: z.string().min(1),
    verify: z.boolean().default(false).describe('secondary source: check before publishing'),
    off_peak: z
      .object({
        input: z.number().min(0),
        cached_input: z.number().min(0),
        output: z.number().min(0),
        hours: z.string().min(1).describe('when the off-peak rates apply, in words (UTC)'),
      })
      .strict()
      .optional()
      .describe('discounted rates outside peak hours (DeepSeek); costUsd uses the peak rates above, an upper bound'),
  })
  .strict();
export type Prices = z.infer<typeof PricesSchema>;

export const TIERS = ['strong', 'mid', 'light'] as const;
export type Tier = (typeof TIERS)[number];

export const ModelEntrySchema = z
  .object({
    tier: z.enum(TIERS),
    provider: z.string().min(1).describe('informational: anthropic, openai, google, deepseek, qwen, ...'),
    model: z.string().min(1).describe('provider model name sent on the wire'),
    response_format: z.enum(['json_schema', 'json_object']),
    prices: PricesSchema.nullable().describe('null when unknown: cost is then reported as null'),
    batch_discount: z.number().gt(0).lt(1).optional().describe('fraction taken off by the batch API (0.5 = half)'),
    base_url: z.url().optional().describe('default endpoint when no --base-url or *_BASE_URL is set'),
    api_key_env: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name')
      .optional()
      .describe('env var holding the key for base_url (the key itself never goes in a file)'),
    token_param: z
      .enum(['max_tokens', 'max_completion_tokens'])
      .default('max_tokens')
      .describe('wire name of the token limit: reasoning models (gpt-5) reject max_tokens'),
    send_temperature: z
      .boolean()
      .default(true)
      .describe('false for models that reject any temperature but the default (gpt-5 direct)'),
    reasoning: z
      .boolean()
      .default(false)
      .describe('spends reasoning tokens inside the completion budget (gpt-5, o-series, gemini-2.5-pro, thinking DeepSeek)'),
    reasoning_effort: z
      .enum(['minimal', 'low', 'medium', 'high', 'max'])
      .optional()
      .describe('sent as the OpenAI-standard top-level reasoning_effort (kept through a gateway)'),
    extra_body: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('provider-specific body fields sent with every request, chat and Batch (left to the proxy in gateway mode)'),
    min_cache_prefix_tokens: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('shortest prefix the provider caches (Anthropic: 1024 Sonnet 4.x, 4096 Opus 4.5); shorter = never cached'),
    notes: z.string().optional(),
  })
  .strict();
export type ModelEntry = z.infer<typeof ModelEntrySchema>;

export const ModelsFileSchema = z
  .object({
    version: z.literal(1),
    models: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'model ids are letters, digits and . _ : / -'), ModelEntrySchema),
  })
  .strict();
export type ModelsFile = z.infer<typeof ModelsFileSchema>;
