import { ConfigError } from '../errors/index.js';
import type { Labeler } from '../labelers/types.js';
import type { Taxonomy } from '../taxonomy/index.js';

/** The offline labeler's model id; any other id is an LLM from the model registry (or any id with an explicit endpoint). */
export const RULES_MODEL = 'rules';

export interface ResolveLabelerOptions {
  /** `rules`, or a model id of the registry. */
  model: string;
  taxonomy: Taxonomy;
  /** LLM only: OpenAI-compatible endpoint; else the *_BASE_URL env variables or the registry's default. */
  baseUrl?: string;
  /** LLM only: model registry file (default: the bundled models.yaml). */
  models?: string;
  /** LLM only: prompt version (default: the newest bundled one). */
  prompt?: string;
  /** LLM only: response cache mode (read-write, read-only, refresh, off). Default read-write. */
  cacheMode?: string;
  cacheDir?: string;
  cacheStore?: string;
  /** Environment for endpoint, key and cache URL (pass process.env). The key never leaves memory. */
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export interface ResolvedLabeler {
  labeler: Labeler;
  /** Release what the labeler holds (cache connections). */
  close(): Promise<void>;
  /** Printable notes (an unlisted model's warning). Never holds a key. */
  notes(): string[];
  /** Requests a read-only cache lacked so far (each one failed its sample). */
  cacheMisses(): string[];
}

/**
 * The labeler for a model id: the registry of labelers keyed by the name the CLI and experiment files use.
 * Labelers are imported when chosen, so `label --model rules` never loads the LLM stack (SDK, cache stores).
 */
export async function resolveLabeler(options: ResolveLabelerOptions): Promise<ResolvedLabeler> {
  if (options.model === RULES_MODEL) {
    const { createRulesLabeler } = await import('../labelers/index.js');
    return { labeler: createRulesLabeler({ taxonomy: options.taxonomy }), close: async () => undefined, notes: () => [], cacheMisses: () => [] };
  }
  return resolveLlmLabeler(options);
}

async function resolveLlmLabeler(options: ResolveLabelerOptions): Promise<ResolvedLabeler> {
  const [llm, pipeline, cacheStage, prompts] = await Promise.all([
    import('../llm/index.js'),
    import('../pipeline/index.js'),
    import('../cache/index.js'),
    import('../prompts/index.js'),
  ]);
  const registry = llm.loadModelRegistry({ path: options.models });
  const listed = Object.hasOwn(registry.models, options.model) ? llm.resolveModel(registry, options.model) : null;
  const explicitEndpoint = Boolean(options.baseUrl?.trim()) || llm.ENDPOINT_ENV.some((f) => options.env[f.url]?.trim());
  // An unlisted id without an endpoint of its own: say which ids are known (did-you-mean) rather than "no endpoint".
  if (!listed && !explicitEndpoint) llm.resolveModel(registry, options.model);
  const endpoint = llm.resolveEndpoint({
    env: options.env,
    baseUrl: options.baseUrl,
    model: listed ? { baseUrl: listed.baseUrl, apiKeyEnv: listed.apiKeyEnv } : undefined,
  });
  // An unlisted id is usable only with an explicit endpoint; resolveModel says which ids are known otherwise.
  const model = listed ?? llm.resolveModel(registry, options.model, { allowUnknown: endpoint.explicit });
  const mode = options.cacheMode ?? 'read-write';
  if (!(cacheStage.CACHE_MODES as readonly string[]).includes(mode)) {
    throw new ConfigError(`--cache ${mode}: unknown cache mode (known: ${cacheStage.CACHE_MODES.join(', ')})`);
  }
  const inner = llm.createOpenAiChatClient({
    baseUrl: endpoint.baseUrl,
    apiKey: endpoint.apiKey,
    tokenParam: model.tokenParam,
    sendTemperature: model.sendTemperature,
  });
  const cache =
    mode === 'off'
      ? null
      : await cacheStage.openCache({
          store: options.cacheStore ?? 'file',
          dir: cacheStage.resolveCacheDir({ flag: options.cacheDir, env: options.env, cwd: options.cwd }),
          url: options.env.SFT_LABEL_CACHE_URL,
        });
  const client = cache ? cacheStage.createCachingChatClient({ inner, cache, mode: mode as (typeof cacheStage.CACHE_MODES)[number] }) : null;
  const promptVersion = options.prompt ?? prompts.listPromptVersions().at(-1);
  if (!promptVersion) throw new ConfigError('no prompt versions found in src/prompts');
  const labeler = pipeline.createLlmLabeler({ taxonomy: options.taxonomy, client: client ?? inner, model, promptVersion });
  return {
    labeler,
    close: async () => {
      await cache?.close();
    },
    notes: () => (model.warning ? [model.warning] : []),
    cacheMisses: () => client?.missing() ?? [],
  };
}
