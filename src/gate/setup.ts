import { resolve } from 'node:path';
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

/**
 * The cache folder of a gate command (`ci`, `baseline update`): `--cache-dir`, else the experiment's `cache:`, else
 * `cache/<experiment name>/` under cwd. Never the user's cache ($SFT_LABEL_CACHE_DIR, .sft-label/cache): the gate's
 * entries are committed, the user's are not, and mixing them is how a personal cache ends up in git.
 */
export function gateCacheDir(experiment: Experiment, flag: string | undefined, cwd: string): string {
  if (flag !== undefined && flag.trim() !== '') return resolve(cwd, flag);
  return experiment.cachePath ?? resolve(cwd, 'cache', experiment.name);
}

/** CI's default cache mode: replay only (read-only) without a key, fill the cache (read-write) with one. */
export function defaultCiCacheMode(keyVariable: string | null): CacheMode {
  return keyVariable ? 'read-write' : 'read-only';
}
