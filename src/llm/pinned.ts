import { z } from 'zod';
import { endpointHost, normaliseEndpoint } from './endpoint.js';
import { ModelEntrySchema, TIERS, type ModelEntry } from './registry-schema.js';
import type { ResolvedModel } from './registry.js';

/**
 * What a configuration sent, made recordable: the registry entry it was resolved from (wire model, provider,
 * response format, request extras, prices), the wire name actually sent (the registry id through a gateway), and
 * the endpoint as host and credential-free base URL. Written per configuration in run.json and into a production
 * lock, so `label --config` sends exactly this without a registry. Never a key: keys are not in entries or URLs.
 */
export const PinnedModelSchema = z.strictObject({
  id: z.string().min(1).describe('model id in the registry or experiment file'),
  wire_model: z.string().min(1).describe('the `model` sent on the wire (the registry id through a gateway)'),
  entry: ModelEntrySchema.extend({ tier: z.enum(TIERS).nullable().describe('null for an id used as-is outside the registry') })
    .strict()
    .describe('the registry (or inline) entry as resolved, without api keys (only the name of their variable)'),
  endpoint: z
    .strictObject({
      host: z.string().describe('host[:port] requests went to'),
      base_url: z.string().describe('base URL without credentials or secret query parameters'),
      gateway: z.boolean().describe('sent through a gateway (LiteLLM proxy, SFT_LABEL_GATEWAY)'),
    })
    .nullable()
    .describe('null when not recorded (a run.json written before it)'),
});
export type PinnedModel = z.infer<typeof PinnedModelSchema>;

/**
 * Record what a configuration sends. `entry` is the registry (or inline) entry the id was resolved from, null for an
 * id used as-is; `model` the resolved model as sent to this endpoint (after gateway mode and --response-format).
 */
export function pinModel(options: { entry: ModelEntry | null; model: ResolvedModel; endpoint: { baseUrl: string; gateway: boolean } | null }): PinnedModel {
  const { model } = options;
  const base = options.endpoint ? normaliseEndpoint(options.endpoint.baseUrl) : null;
  const entry = options.entry
    ? { ...options.entry, response_format: model.responseFormat, ...(options.entry.base_url ? { base_url: normaliseEndpoint(options.entry.base_url) } : {}) }
    : {
        tier: null,
        provider: 'unlisted',
        model: model.providerModel,
        response_format: model.responseFormat,
        prices: model.prices,
        token_param: model.tokenParam,
        send_temperature: model.sendTemperature,
        reasoning: model.reasoning,
      };
  return {
    id: model.id,
    wire_model: model.providerModel,
    entry,
    endpoint: base === null ? null : { host: endpointHost(base), base_url: base, gateway: options.endpoint!.gateway },
  };
}

/** The pinned entry as a registry entry (an id used as-is had no tier; tier is informational and says "mid"). */
export function registryEntryOf(pinned: PinnedModel): ModelEntry {
  return { ...pinned.entry, tier: pinned.entry.tier ?? 'mid' };
}
