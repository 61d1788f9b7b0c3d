import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/index.js';
import { didYouMeanSuffix } from '../util/didyoumean.js';
import { packagePath } from '../util/paths.js';
import { describeZodIssues, parseYamlLocated } from '../util/yaml.js';
import { ModelsFileSchema, type ModelEntry, type Prices, type Tier } from './registry-schema.js';
import type { ResponseFormatMode } from './types.js';
import type { WireOptions } from './wire.js';

export { ModelEntrySchema, ModelsFileSchema, PricesSchema, TIERS } from './registry-schema.js';
export type { ModelEntry, ModelsFile, Prices, Tier } from './registry-schema.js';

/** The registry shipped at the package root. */
export const DEFAULT_MODELS_PATH = (): string => packagePath('models.yaml');

export interface ModelRegistry {
  /** File it was read from (for messages). */
  file: string;
  models: Record<string, ModelEntry>;
}

/** Read and check a model registry; every problem is listed at once as `file:line: path: message`. */
export function loadModelRegistry(options: { path?: string } = {}): ModelRegistry {
  const file = options.path ?? DEFAULT_MODELS_PATH();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read model registry ${file}: ${(err as Error).message}`, [], { file }, { cause: err });
  }
  return parseModelRegistry(text, file);
}

/** Parse registry text (pure apart from YAML parsing); throws one ConfigError listing every problem. */
export function parseModelRegistry(text: string, file: string): ModelRegistry {
  const problems = checkModelRegistryText(text, file);
  if (problems.length)
    throw new ConfigError(`invalid model registry ${file}: ${problems.length} problem(s)`, problems, { file });
  return { file, models: ModelsFileSchema.parse(parseYamlLocated(text, file).data).models };
}

/** Every problem of a registry file's text (empty when valid). */
export function checkModelRegistryText(text: string, file: string): string[] {
  const located = parseYamlLocated(text, file);
  if (located.syntaxErrors.length) return located.syntaxErrors;
  const result = ModelsFileSchema.safeParse(located.data);
  const problems = result.success ? [] : describeZodIssues(result.error.issues, file, located);
  // Checks the schema cannot express, run on the raw data so they are reported together with schema problems.
  const models = (located.data as { models?: unknown } | undefined)?.models;
  if (models && typeof models === 'object') {
    for (const [id, raw] of Object.entries(models as Record<string, unknown>)) {
      const entry = raw as Partial<ModelEntry> | null;
      const at = (field: string, msg: string): void => {
        const line = located.lineOf(['models', id, field]);
        problems.push(`${file}${line ? `:${line}` : ''}: models.${id}.${field}: ${msg}`);
      };
      if (entry?.provider === 'deepseek' && entry.response_format === 'json_schema')
        at('response_format', 'DeepSeek rejects json_schema (400); use json_object');
      // DeepSeek's own API retired these names on 2026-07-24 15:59 UTC (PROVIDERS.md 0, read 2026-12-04): every request
      // would be a 400. A gateway may still use them as its own model_name, so only DeepSeek's URL is flagged.
      if (typeof entry?.model === 'string' && /^deepseek-(chat|reasoner)$/.test(entry.model) && /api\.deepseek\.com/i.test(String(entry.base_url ?? '')))
        at('model', `DeepSeek retired "${entry.model}" on 2026-07-24 (400 "Model Not Exist"); use deepseek-flash or deepseek-v4-pro`);
      for (const [field, value] of Object.entries(entry ?? {}))
        if (typeof value === 'string' && /^(sk-|Bearer\s)/i.test(value))
          at(field, 'looks like an API key; keys come from the environment only (name the variable in api_key_env)');
    }
  }
  return problems;
}

/** A model id made concrete: what to send and how to price it. */
export interface ResolvedModel {
  id: string;
  /** False for an id outside the registry (used as-is with an explicit endpoint). */
  known: boolean;
  tier: Tier | null;
  /** Name sent as `model` on the wire. */
  providerModel: string;
  responseFormat: ResponseFormatMode;
  /** Null when unknown: cost is then null. */
  prices: Prices | null;
  batchDiscount: number | null;
  /** Default endpoint of the model, when the registry names one. */
  baseUrl: string | null;
  apiKeyEnv: string | null;
  /** Wire name of the token limit (client option `tokenParam`). */
  tokenParam: 'max_tokens' | 'max_completion_tokens';
  /** Whether the temperature is sent (client option `sendTemperature`). */
  sendTemperature: boolean;
  /** Spends reasoning tokens inside the completion budget (a `length` finish then needs a bigger budget). */
  reasoning: boolean;
  /** Top-level `reasoning_effort`, or null. */
  reasoningEffort: string | null;
  /** Provider-specific body fields (registry `extra_body`); empty in gateway mode. */
  extraBody: Record<string, unknown>;
  /** Shortest prompt prefix the provider caches, or null when any prefix may be cached (estimate). */
  minCachePrefixTokens: number | null;
  /** Sent through a gateway (LiteLLM proxy): the wire name is the registry id and provider extras are the proxy's. */
  gateway: boolean;
  /** Set for an unlisted id that resembles a listed one (for the CLI to print). */
  warning?: string;
}

export interface ResolveModelOptions {
  /** `--response-format`: overrides the registry. */
  responseFormat?: ResponseFormatMode;
  /** An endpoint was given explicitly (--base-url or *_BASE_URL), so an unlisted id may be used as-is. */
  allowUnknown?: boolean;
}

/**
 * Look up a model id. An unlisted id works only with an explicit endpoint (json_object, no price); without one it
 * is a ConfigError with did-you-mean suggestions.
 */
export function resolveModel(registry: ModelRegistry, id: string, options: ResolveModelOptions = {}): ResolvedModel {
  const entry = Object.hasOwn(registry.models, id) ? registry.models[id] : undefined;
  const known = Object.keys(registry.models);
  if (entry)
    return {
      id,
      known: true,
      tier: entry.tier,
      providerModel: entry.model,
      responseFormat: options.responseFormat ?? entry.response_format,
      prices: entry.prices,
      batchDiscount: entry.batch_discount ?? null,
      baseUrl: entry.base_url ?? null,
      apiKeyEnv: entry.api_key_env ?? null,
      tokenParam: entry.token_param,
      sendTemperature: entry.send_temperature,
      reasoning: entry.reasoning,
      reasoningEffort: entry.reasoning_effort ?? null,
      extraBody: { ...(entry.extra_body ?? {}) },
      minCachePrefixTokens: entry.min_cache_prefix_tokens ?? null,
      gateway: false,
    };
  const hint = didYouMeanSuffix(id, known);
  if (!options.allowUnknown)
    throw new ConfigError(
      `unknown model "${id}"${hint}: not in ${registry.file} (known: ${known.join(', ')}); ` +
        'an unlisted model needs an explicit endpoint (--base-url or SFT_LABEL_BASE_URL)',
      [],
      { file: registry.file },
    );
  return {
    id,
    known: false,
    tier: null,
    providerModel: id,
    responseFormat: options.responseFormat ?? 'json_object',
    prices: null,
    batchDiscount: null,
    baseUrl: null,
    apiKeyEnv: null,
    ...unlistedWire(id),
    extraBody: {},
    minCachePrefixTokens: null,
    gateway: false,
    ...(hint ? { warning: `model "${id}" is not in ${registry.file}${hint}; using it as-is, cost unknown` } : {}),
  };
}

/**
 * OpenAI reasoning models (o1, o3, o4-mini, gpt-5*, also behind a `provider/` prefix): they reject `max_tokens` and
 * any temperature but the default, and spend reasoning tokens inside `max_completion_tokens` (PROVIDERS.md 0/1,
 * checked 2026-12-04). An unlisted id that looks like one gets these defaults rather than a certain 400.
 */
export const REASONING_ID = /^(?:[\w.-]+\/)*(?:o\d+(?:-[\w.-]+)?|gpt-5(?:[.-][\w.-]*)?)$/i;

function unlistedWire(id: string): Pick<ResolvedModel, 'tokenParam' | 'sendTemperature' | 'reasoning' | 'reasoningEffort'> {
  return REASONING_ID.test(id)
    ? { tokenParam: 'max_completion_tokens', sendTemperature: false, reasoning: true, reasoningEffort: null }
    : { tokenParam: 'max_tokens', sendTemperature: true, reasoning: false, reasoningEffort: null };
}

/**
 * The model as sent to this endpoint. Through a gateway (a LiteLLM proxy: `LITELLM_BASE_URL`, or any URL with
 * `SFT_LABEL_GATEWAY=1` / `--gateway`) the wire name is the registry id, which is the proxy's `model_name` in the
 * seed's setup, and provider-specific body fields are left to the proxy's own configuration: it knows which
 * provider it routes to, we do not. OpenAI-standard fields (token parameter, temperature, reasoning_effort) stay.
 */
export function modelForEndpoint(model: ResolvedModel, endpoint: { gateway: boolean }): ResolvedModel {
  if (!endpoint.gateway) return model;
  return { ...model, providerModel: model.id, extraBody: {}, gateway: true };
}

/** The client / Batch wire options of a resolved model (spread into createOpenAiChatClient's options). */
export function wireOptionsOf(model: ResolvedModel): Required<WireOptions> {
  return {
    tokenParam: model.tokenParam,
    sendTemperature: model.sendTemperature,
    reasoningEffort: model.reasoningEffort,
    extraBody: model.extraBody,
  };
}

/**
 * The wire model names a registry id is sent under (and so the `model` its cache entries carry): the provider model
 * name (direct to the provider) and the id itself (through a gateway, where the wire name is the registry id).
 * Undefined when `id` is not a registry id (then it can only be a wire name itself).
 */
export function wireNamesOf(registry: ModelRegistry, id: string): string[] | undefined {
  const entry = registry.models[id];
  return entry ? [...new Set([entry.model, id])] : undefined;
}
