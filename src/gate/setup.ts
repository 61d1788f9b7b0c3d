import { ENDPOINT_ENV, loadModelRegistry } from '../llm/index.js';
import { listPromptVersions } from '../prompts/index.js';
import { loadExperiment, modelId, PROMPTLESS_MODELS, type Experiment } from '../runner/index.js';
import type { CacheMode } from '../cache/index.js';

/** What the ci and baseline flows share with `sft-label run`. */
export interface GateRunOptions {
  experimentFile: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Model registry file (`--models`); default the bundled models.yaml. */
  models?: string;
  /** Folder of prompt versions; default the bundled src/prompts. */
  promptsDir?: string;
  baseUrl?: string;
  cwd?: string;
}

/** Load and check the experiment file before anything runs, so a bad file exits 2 at once. */
export function loadGateExperiment(options: GateRunOptions): Experiment {
  const registry = loadModelRegistry({ path: options.models });
  return loadExperiment(options.experimentFile, {
    models: Object.keys(registry.models),
    prompts: listPromptVersions(options.promptsDir ? { dir: options.promptsDir } : {}),
  });
}

/**
 * The name of the first API-key variable set in the environment that the experiment's models could use (the
 * endpoint families' keys and each registry model's api_key_env), or null. Only the name: the value is never read
 * into anything printable.
 */
export function apiKeyVariable(experiment: Experiment, options: GateRunOptions): string | null {
  const refs = experiment.matrix.models.filter((m) => !PROMPTLESS_MODELS.includes(modelId(m)));
  if (!refs.length) return null;
  const registry = loadModelRegistry({ path: options.models });
  const keyEnvOf = (ref: (typeof refs)[number]): unknown => (typeof ref === 'string' ? registry.models[ref]?.api_key_env : ref.api_key_env);
  const names = [...ENDPOINT_ENV.map((f) => f.key), ...refs.map(keyEnvOf).filter((n): n is string => typeof n === 'string' && n !== '')];
  return names.find((n) => (options.env[n] ?? '').trim() !== '') ?? null;
}

/** CI's default cache mode: replay only (read-only) without a key, fill the cache (read-write) with one. */
export function defaultCiCacheMode(keyVariable: string | null): CacheMode {
  return keyVariable ? 'read-write' : 'read-only';
}
