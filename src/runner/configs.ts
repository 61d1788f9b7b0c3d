import type { AsyncLocalStorage } from 'node:async_hooks';
import type { Cache, CacheMode, CachingChatClient } from '../cache/index.js';
import { canonicalJson, sha256Hex } from '../conversation/index.js';
import { ConfigError } from '../errors/index.js';
import { resolveLabeler, RULES_MODEL } from '../labelers/index.js';
import type { Labeler } from '../labelers/types.js';
import {
  ModelEntrySchema,
  pinModel,
  type HttpCounters,
  type PinnedModel,
  type LimiterPool,
  type ModelRegistry,
  type ResolvedModel,
} from '../llm/index.js';
import { buildClientStack, createLlmLabeler } from '../labelers/llm/index.js';
import type { PromptVersion } from '../prompts/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { scopedClient, type SampleScope } from './clients.js';
import type { Configuration } from './matrix.js';
import type { Stop } from '../util/stop.js';

/** A configuration ready to label: its labeler and the counters of its traffic. */
export interface ConfigRuntime {
  config: Configuration;
  labeler: Labeler;
  /** Changes whenever anything that shapes the answers does (model, prompt content, options). Not the endpoint. */
  fingerprint: string;
  /** Null for `rules`. */
  model: ResolvedModel | null;
  /** Base URL its requests go to (the limiter's key); null for `rules`. */
  endpoint: string | null;
  /** What it sends (registry entry, wire model, endpoint host), for run.json and promote; null for `rules`. */
  pinned: PinnedModel | null;
  http: HttpCounters;
  /** Null for `rules` and with `--cache off`. */
  cache: CachingChatClient | null;
}

export interface ConfigRuntimeContext {
  taxonomy: Taxonomy;
  registry: ModelRegistry;
  prompts: ReadonlyMap<string, PromptVersion>;
  env: Readonly<Record<string, string | undefined>>;
  baseUrl?: string;
  cwd: string;
  /** Shared by every configuration; null with `--cache off`. */
  cache: Cache | null;
  cacheMode: CacheMode;
  limiters: LimiterPool;
  scope: AsyncLocalStorage<SampleScope>;
  /** Ctrl-C: no request starts after the first signal, those in flight are cancelled after the second. */
  stop?: Stop;
}

/** Build the labeler of each configuration; every LLM call goes scope -> cache -> endpoint limiter -> HTTP. */
export async function prepareConfigs(configs: readonly Configuration[], ctx: ConfigRuntimeContext): Promise<ConfigRuntime[]> {
  const out: ConfigRuntime[] = [];
  for (const config of configs) out.push(config.model === RULES_MODEL ? await rulesRuntime(config, ctx) : await llmRuntime(config, ctx));
  return out;
}

async function rulesRuntime(config: Configuration, ctx: ConfigRuntimeContext): Promise<ConfigRuntime> {
  const { labeler } = await resolveLabeler({ model: RULES_MODEL, taxonomy: ctx.taxonomy, env: ctx.env, cwd: ctx.cwd });
  const fingerprint = fingerprintOf({ model: RULES_MODEL, taxonomy: ctx.taxonomy.version });
  return { config, labeler, fingerprint, model: null, endpoint: null, pinned: null, http: { requests: 0, rateLimited: 0 }, cache: null };
}

async function llmRuntime(config: Configuration, ctx: ConfigRuntimeContext): Promise<ConfigRuntime> {
  const prompt = ctx.prompts.get(config.prompt ?? '');
  if (!prompt) throw new ConfigError(`configuration ${config.name}: prompt version "${config.prompt}" is not loaded`);
  const registry = withInlineModel(ctx.registry, config);
  const { model, endpoint, counters, cache, client } = await buildClientStack({
    registry,
    modelId: config.model,
    env: ctx.env,
    ...(ctx.baseUrl !== undefined ? { baseUrl: ctx.baseUrl } : {}),
    limiter: (baseUrl) => ctx.limiters.for(baseUrl),
    cache: ctx.cache ? { cache: ctx.cache, mode: ctx.cacheMode } : null,
    ...(ctx.stop ? { stop: ctx.stop } : {}),
  });
  const { options } = config;
  const labeler = createLlmLabeler({
    taxonomy: ctx.taxonomy,
    client: scopedClient(client, ctx.scope),
    model,
    promptVersion: prompt,
    temperature: options.temperature,
    maxTokens: options.max_tokens,
    confidenceThreshold: options.confidence_threshold,
    arbitration: options.arbitration,
  });
  const fingerprint = fingerprintOf({
    model: model.providerModel,
    response_format: model.responseFormat,
    prompt: { name: prompt.name, hash: prompt.hash },
    taxonomy: ctx.taxonomy.version,
    options: { ...options, concurrency: undefined, limit: undefined, repeats: undefined },
  });
  const entry = Object.hasOwn(registry.models, config.model) ? registry.models[config.model]! : null;
  const pinned = pinModel({ entry, model, endpoint });
  return { config, labeler, fingerprint, model, endpoint: endpoint.baseUrl, pinned, http: counters, cache };
}

/** An inline model entry of the experiment joins the registry under its id, checked by the registry's schema. */
function withInlineModel(registry: ModelRegistry, config: Configuration): ModelRegistry {
  if (typeof config.modelRef === 'string') return registry;
  const { id, ...entry } = config.modelRef;
  const parsed = ModelEntrySchema.safeParse(entry);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `matrix.models (${id}).${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`inline model entry "${id}" is invalid`, problems);
  }
  return { ...registry, models: { ...registry.models, [id]: parsed.data } };
}

function fingerprintOf(material: unknown): string {
  return sha256Hex(canonicalJson(material)).slice(0, 16);
}
