import { ConfigError, UsageError } from '../errors/index.js';
import type { Labeler } from './types.js';
import type { ConfidenceThreshold } from './options.js';
import type { ChatClient, HttpCounters } from '../llm/index.js';
import type { Taxonomy } from '../taxonomy/index.js';

/** The offline labeler's model id; any other id is an LLM from the model registry (or any id with an explicit endpoint). */
export const RULES_MODEL = 'rules';

/** `--concurrency` defaults: samples at once for the rules labeler, requests in flight for an LLM. */
export const DEFAULT_RULES_CONCURRENCY = 8;
export const DEFAULT_LLM_CONCURRENCY = 30;
/**
 * Samples admitted per request slot of an LLM run. A sample holds no slot while it is preprocessed, rendered or
 * validated between its calls, and the last samples of a run would leave slots idle if only as many samples as
 * slots were admitted (108 samples of two 1 s calls at 50 slots: 6 s as waves of 50 samples, 5 s with a full
 * request pool). Four per slot keeps the pool full; memory stays bounded (prompts of 4 x concurrency samples).
 */
export const LLM_SAMPLES_PER_SLOT = 4;
/** `--batch`: samples in flight by default, so each round (call 1, call 2, arbitration) fills large batches. */
export const DEFAULT_BATCH_SAMPLES = 10_000;
const RESPONSE_FORMATS = ['json_schema', 'json_object'] as const;

export interface ResolveLabelerOptions {
  /** `rules`, or a model id of the registry. */
  model: string;
  taxonomy: Taxonomy;
  /** LLM only: OpenAI-compatible endpoint; else the *_BASE_URL env variables or the registry's default. */
  baseUrl?: string;
  /** LLM only: model registry file (default: the bundled models.yaml). */
  models?: string;
  /** LLM only: entries joined to the registry (an experiment's inline model entries; `doctor`). */
  extraModels?: Record<string, import('../llm/index.js').ModelEntry>;
  /** LLM only: `--gateway`: the endpoint is a gateway (model named by registry id, no provider extras). */
  gateway?: boolean;
  /** LLM only: prompt version (default: the newest bundled one). */
  prompt?: string;
  /** LLM only: response cache mode (read-write, read-only, refresh, off). Default read-write. */
  cacheMode?: string;
  cacheDir?: string;
  cacheStore?: string;
  /**
   * `--concurrency`. Rules: samples labeled at once (default 8). LLM: requests in flight to the endpoint (default
   * 30), with more samples than that admitted so the request pool stays full (see LLM_SAMPLES_PER_SLOT).
   */
  concurrency?: number;
  /** LLM only: `json_schema` or `json_object`; default the registry entry's mode. */
  responseFormat?: string;
  /** LLM only: retries after the first attempt of each request (default 3). */
  maxRetries?: number;
  /** LLM only: per-attempt timeout covering the body too (default 180 000 ms). */
  timeoutMs?: number;
  /** LLM only: bound on a whole call, retries and waits included (default none). */
  deadlineMs?: number;
  /** LLM only: dimensions below it are arbitrated (default 0.65); one number or one per dimension. */
  confidenceThreshold?: ConfidenceThreshold;
  /**
   * LLM only: a cheap-then-strong cascade (a promoted cascade's lock): `model` labels everything, calls with a
   * dimension below `confidenceThreshold` are asked again of `then` (a registry id on the same endpoint settings).
   */
  cascade?: { then: string };
  /** LLM only: false skips arbitration (default true). */
  arbitration?: boolean;
  /** LLM only: temperature of call 1 and call 2 (default the pipeline's, 0); a production lock sets it. */
  temperature?: number;
  /** LLM only: max_tokens per request (default the pipeline's); a production lock sets it. */
  maxTokens?: number;
  /**
   * LLM only: answer through the Batch API (src/batch) at the registry's batch price; the state file goes beside
   * `output`. `concurrency` is then samples in flight (default DEFAULT_BATCH_SAMPLES).
   */
  batch?: { output: string; pollMs?: number; log?: (line: string) => void };
  /**
   * LLM only: share the endpoint's request limit with every process using the same Redis (SFT_LABEL_LIMIT_URL, else
   * SFT_LABEL_CACHE_URL; src/shared-limit): `concurrency` is then the budget of all of them together. Default false.
   */
  sharedLimit?: boolean;
  /** LLM only: requests per minute to this endpoint and model (with sharedLimit: over every process). Default none. */
  rpm?: number;
  /** LLM only: tokens per minute, prompt + max_tokens per request (with sharedLimit: over every process). Default none. */
  tpm?: number;
  /** LLM only: Ctrl-C (src/util/stop.ts): no request starts after `stop.soft`, those in flight end at `stop.hard`. */
  stop?: import('../util/stop.js').Stop;
  /** Environment for endpoint, key and cache URL (pass process.env). The key never leaves memory. */
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export interface ResolvedLabeler {
  labeler: Labeler;
  /** Samples to label at once (runLabel's `concurrency`) for this labeler and `--concurrency`. */
  concurrency: number;
  /** Release what the labeler holds (cache connections). */
  close(): Promise<void>;
  /** Printable notes (an unlisted model's warning). Never holds a key. */
  notes(): string[];
  /** Requests a read-only cache lacked so far (each one failed its sample). */
  cacheMisses(): string[];
  /** LLM over HTTP (not --batch): requests sent and how the endpoint's load limit moved; null otherwise. */
  traffic?(): LabelTraffic | null;
  /**
   * LLM only: the effective settings that shape the answers (prompt version, wire model, response format,
   * temperature, max_tokens, arbitration, threshold; defaults filled in), which `label` records so a resume with
   * other values is refused.
   */
  settings?: Record<string, string | number | boolean | null>;
  /** LLM only: the endpoint's base URL (printable: never a key). */
  endpoint?: string;
  /** LLM only: the `model` name sent on the wire. */
  wireModel?: string;
  /** LLM cascade only: what the second model's stack sends (wire model, endpoint base URL; never a key). */
  then?: { wireModel: string; endpoint: string };
}

export interface LabelTraffic {
  /** HTTP attempts, retries included (cache hits make none). */
  requests: number;
  /** 429 answers. */
  rateLimited: number;
  /** Overload answers of any kind (429, 503, 529): each cut the request limit (once per burst). */
  overloads: number;
  /** Requests allowed in flight now; below maxLimit after overloads, grown back by successes. */
  limit: number;
  /** `--concurrency`. */
  maxLimit: number;
}

/**
 * The labeler for a model id: the registry of labelers keyed by the name the CLI and experiment files use.
 * Labelers are imported when chosen, so `label --model rules` never loads the LLM stack (SDK, cache stores).
 */
export async function resolveLabeler(options: ResolveLabelerOptions): Promise<ResolvedLabeler> {
  if (options.model === RULES_MODEL) {
    const { createRulesLabeler } = await import('./rules/index.js');
    return {
      labeler: createRulesLabeler({ taxonomy: options.taxonomy }),
      concurrency: options.concurrency ?? DEFAULT_RULES_CONCURRENCY,
      close: async () => undefined,
      notes: () => [],
      cacheMisses: () => [],
    };
  }
  return resolveLlmLabeler(options);
}

async function resolveLlmLabeler(options: ResolveLabelerOptions): Promise<ResolvedLabeler> {
  const [llm, pipeline, cacheStage, prompts, stack] = await Promise.all([
    import('../llm/index.js'),
    import('./llm/index.js'),
    import('../cache/index.js'),
    import('../prompts/index.js'),
    import('./llm/stack.js'),
  ]);
  const responseFormat = options.responseFormat;
  if (responseFormat !== undefined && !(RESPONSE_FORMATS as readonly string[]).includes(responseFormat))
    throw new ConfigError(`--response-format ${responseFormat}: expected ${RESPONSE_FORMATS.join(' or ')}`);
  const mode = options.cacheMode ?? 'read-write';
  if (!(cacheStage.CACHE_MODES as readonly string[]).includes(mode)) {
    throw new ConfigError(`--cache ${mode}: unknown cache mode (known: ${cacheStage.CACHE_MODES.join(', ')})`);
  }
  if (options.batch && mode !== 'read-write' && mode !== 'refresh')
    throw new UsageError(`--batch needs the response cache (--cache read-write or refresh, not ${mode}): answers of finished batches are kept there, so a restart never pays for them twice`);
  if (options.cascade && (options.batch || options.sharedLimit || options.rpm || options.tpm))
    throw new UsageError('a cascade (lock with `cascade:`) labels online with its own limiters: --batch, --shared-limit, --rpm and --tpm are not supported with it yet');
  if ((options.sharedLimit || options.rpm || options.tpm) && options.batch) throw new UsageError('--shared-limit, --rpm and --tpm bound requests sent one by one; --batch sends none');
  const registry = withExtraModels(llm.loadModelRegistry({ path: options.models }), options.extraModels);
  const connection = {
    registry,
    modelId: options.model,
    env: options.env,
    ...(options.gateway !== undefined ? { gateway: options.gateway } : {}),
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(responseFormat ? { responseFormat: responseFormat as (typeof RESPONSE_FORMATS)[number] } : {}),
  };
  const requests = options.concurrency ?? DEFAULT_LLM_CONCURRENCY;
  // HTTP client (429 not retried inside) -> adaptive limiter (at most --concurrency requests in flight, FIFO; learns
  // the endpoint's capacity from its 429/503/529, src/llm/limiter-state.ts; an overloaded call waits its Retry-After
  // and queues again) -> cache: hits never wait for a slot. The same stack as the experiment runner (src/runner).
  // --shared-limit puts the same limiter in Redis, shared by every shard; --rpm/--tpm add a per-minute gate in front
  // of it (src/shared-limit).
  const policy = llm.limiterPolicy(requests, { decrease: 0.7 });
  const budget = { ...(options.rpm ? { rpm: options.rpm } : {}), ...(options.tpm ? { tpm: options.tpm } : {}) };
  const limits = await openLimits();
  async function openLimits() {
    if (!(options.sharedLimit || options.rpm || options.tpm)) return null;
    const { endpoint, model } = stack.resolveConnection(connection);
    const shared = await import('../shared-limit/index.js');
    return shared.openEndpointLimits({ env: options.env, policy, classify: llm.overloadWithoutPause, shared: options.sharedLimit ?? false, budget, endpoint: endpoint.baseUrl, model: model.providerModel });
  }
  const limiter = limits?.limiter ?? new llm.AdaptiveLimiter({ policy, classify: llm.overloadWithoutPause });
  const cache =
    mode === 'off'
      ? null
      : await cacheStage.openCache({
          store: options.cacheStore ?? 'file',
          dir: cacheStage.resolveCacheDir({ flag: options.cacheDir, env: options.env, cwd: options.cwd }),
          url: options.env.SFT_LABEL_CACHE_URL,
        }).catch(async (err: unknown) => {
          await limits?.close(); // an open Redis connection would keep the process from exiting
          throw err;
        });
  const { batch } = options;
  const held: { batch: import('../batch/index.js').BatchChatClient | null } = { batch: null };
  const built = await stack
    .buildClientStack({
      ...connection,
      http: { maxRetries: options.maxRetries, timeoutMs: options.timeoutMs, deadlineMs: options.deadlineMs },
      limiter: () => limiter,
      ...(options.stop ? { stop: options.stop } : {}),
      ...(limits ? { gate: (c: ChatClient) => limits.wrap(c) } : {}),
      cache: cache ? { cache, mode: mode as (typeof cacheStage.CACHE_MODES)[number] } : null,
      ...(batch ? { batch: async (endpoint, model) => (held.batch = await connectBatch(batch, endpoint, model, options.stop)) } : {}),
    })
    .catch(async (err: unknown) => {
      await cache?.close();
      await limits?.close();
      throw err;
    });
  const { model, client } = built;
  const batchClient = held.batch;
  const http = built.counters;
  const { LABELING_DEFAULTS } = await import('./options.js');
  const promptVersion = options.prompt ?? prompts.listPromptVersions().at(-1);
  if (!promptVersion) throw new ConfigError('no prompt versions found in src/prompts');
  const settings = {
    ...(options.confidenceThreshold !== undefined ? { confidenceThreshold: options.confidenceThreshold } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
  };
  // A cascade's second model: its own client stack (same cache; the same limiter when it is the same endpoint).
  const then = options.cascade
    ? await stack
        .buildClientStack({
          ...connection,
          modelId: options.cascade.then,
          http: { maxRetries: options.maxRetries, timeoutMs: options.timeoutMs, deadlineMs: options.deadlineMs },
          limiter: (baseUrl) => (baseUrl === built.endpoint.baseUrl ? limiter : new llm.AdaptiveLimiter({ policy, classify: llm.overloadWithoutPause })),
          cache: cache ? { cache, mode: mode as (typeof cacheStage.CACHE_MODES)[number] } : null,
        })
        .catch(async (err: unknown) => {
          await cache?.close();
          throw err;
        })
    : null;
  const labeler = then
    ? pipeline.createCascadeLabeler({
        first: { taxonomy: options.taxonomy, client, model, promptVersion, ...settings },
        then: { taxonomy: options.taxonomy, client: then.client, model: then.model, promptVersion, ...settings },
        threshold: options.confidenceThreshold ?? 0.65,
      })
    : pipeline.createLlmLabeler({
    taxonomy: options.taxonomy,
    client,
    model,
    promptVersion,
    ...(options.confidenceThreshold !== undefined ? { confidenceThreshold: options.confidenceThreshold } : {}),
    ...(options.arbitration !== undefined ? { arbitration: options.arbitration } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
    ...(batchClient ? { costFn: (usage: Parameters<typeof llm.costUsd>[0]) => llm.costUsd(usage, model.prices, { batchDiscount: model.batchDiscount }) } : {}),
  });
  return {
    labeler,
    concurrency: batchClient ? (options.concurrency ?? DEFAULT_BATCH_SAMPLES) : requests * LLM_SAMPLES_PER_SLOT,
    close: async () => {
      batchClient?.close();
      await cache?.close();
      await limits?.close();
    },
    endpoint: built.endpoint.baseUrl,
    settings: {
      prompt: promptVersion,
      wire_model: model.providerModel,
      response_format: model.responseFormat,
      temperature: options.temperature ?? LABELING_DEFAULTS.temperature,
      max_tokens: options.maxTokens ?? LABELING_DEFAULTS.max_tokens,
      arbitration: options.arbitration ?? LABELING_DEFAULTS.arbitration,
      confidence_threshold: thresholdSetting(options.confidenceThreshold ?? LABELING_DEFAULTS.confidence_threshold),
      ...(then ? { then_wire_model: then.model.providerModel } : {}),
    },
    wireModel: model.providerModel,
    ...(then ? { then: { wireModel: then.model.providerModel, endpoint: then.endpoint.baseUrl } } : {}),
    notes: () => [model.warning, then?.model.warning].filter((w): w is string => Boolean(w)),
    cacheMisses: () => [...(built.cache?.missing() ?? []), ...(then?.cache?.missing() ?? [])],
    traffic: () => {
      if (batchClient) return null;
      const { limit, rateLimited, overloads } = limiter.snapshot();
      return { requests: http.requests + (then?.counters.requests ?? 0), rateLimited, overloads, limit, maxLimit: requests };
    },
  };
}

/** A threshold as a resume setting: one number, or the per-dimension map as canonical (key-sorted) JSON. */
function thresholdSetting(t: number | Readonly<Record<string, number>>): number | string {
  return typeof t === 'number' ? t : JSON.stringify(Object.fromEntries(Object.entries(t).sort(([a], [b]) => a.localeCompare(b))));
}

/** The Batch API client for this endpoint and model (loaded only with --batch). */
async function connectBatch(
  batch: NonNullable<ResolveLabelerOptions['batch']>,
  endpoint: { baseUrl: string; apiKey: string | null },
  model: import('../llm/index.js').ResolvedModel,
  stop: ResolveLabelerOptions['stop'],
): Promise<import('../batch/index.js').BatchChatClient> {
  const [{ connectBatchClient }, { wireOptionsOf }] = await Promise.all([import('../batch/index.js'), import('../llm/index.js')]);
  return connectBatchClient({
    baseUrl: endpoint.baseUrl,
    apiKey: endpoint.apiKey,
    output: batch.output,
    // The same wire options as the online client: token parameter, temperature, reasoning_effort, extra_body.
    wire: wireOptionsOf(model),
    // A short poll (tests, a local proxy) also shortens the wait before a queue is sent.
    ...(batch.pollMs !== undefined ? { pollMs: batch.pollMs, flushIdleMs: Math.min(2000, batch.pollMs) } : {}),
    ...(batch.log ? { log: batch.log } : {}),
    ...(stop ? { stop } : {}),
  });
}

function withExtraModels(
  registry: import('../llm/index.js').ModelRegistry,
  extra: ResolveLabelerOptions['extraModels'],
): import('../llm/index.js').ModelRegistry {
  return extra ? { ...registry, models: { ...registry.models, ...extra } } : registry;
}
