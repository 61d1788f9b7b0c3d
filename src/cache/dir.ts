import { isAbsolute, resolve } from 'node:path';

/** Environment variable naming the cache folder when `--cache-dir` is not given. */
export const CACHE_DIR_ENV = 'SFT_LABEL_CACHE_DIR';
export const DEFAULT_CACHE_DIR = 'cache';

export interface ResolveCacheDirOptions {
  /** `--cache-dir` value, if given. Wins over the environment. */
  flag?: string;
  /** Environment to read `SFT_LABEL_CACHE_DIR` from (pass `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Folder relative paths are taken from. */
  cwd: string;
}

/** The absolute cache folder: `--cache-dir`, else `$SFT_LABEL_CACHE_DIR`, else `cache/`, relative to `cwd`. */
export function resolveCacheDir(options: ResolveCacheDirOptions): string {
  const chosen = nonBlank(options.flag) ?? nonBlank(options.env?.[CACHE_DIR_ENV]) ?? DEFAULT_CACHE_DIR;
  return isAbsolute(chosen) ? resolve(chosen) : resolve(options.cwd, chosen);
}

function nonBlank(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
