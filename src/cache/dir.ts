import { isAbsolute, resolve } from 'node:path';

/** Environment variable naming the cache folder when `--cache-dir` is not given. */
export const CACHE_DIR_ENV = 'SFT_LABEL_CACHE_DIR';
/**
 * The user's own cache, relative to the working folder and ignored by git (.gitignore). Never the committed CI cache:
 * that is an experiment's `cache:` folder (experiments/ci.yaml: cache/ci/), which only the commands running that
 * experiment use.
 */
export const DEFAULT_CACHE_DIR = '.sft-label/cache';

export interface ResolveCacheDirOptions {
  /** `--cache-dir` value, if given. Wins over the environment. */
  flag?: string;
  /** The experiment's `cache:` folder (absolute), when a command runs an experiment that names one. */
  experiment?: string | null;
  /** Environment to read `SFT_LABEL_CACHE_DIR` from (pass `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Folder relative paths are taken from. */
  cwd: string;
}

/**
 * The absolute cache folder: `--cache-dir`, else the experiment's `cache:`, else `$SFT_LABEL_CACHE_DIR`, else
 * `.sft-label/cache`, relative to `cwd`.
 */
export function resolveCacheDir(options: ResolveCacheDirOptions): string {
  const chosen = nonBlank(options.flag) ?? nonBlank(options.experiment ?? undefined) ?? nonBlank(options.env?.[CACHE_DIR_ENV]) ?? DEFAULT_CACHE_DIR;
  return isAbsolute(chosen) ? resolve(chosen) : resolve(options.cwd, chosen);
}

function nonBlank(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
