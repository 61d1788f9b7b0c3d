import { ConfigError } from '../../errors/index.js';

/** Loads a module by specifier; `import()` in production, a stub in tests. */
export type Importer = (specifier: string) => Promise<unknown>;

export interface OptionalPackage {
  /** Package to import, e.g. `@keyv/sqlite`. */
  pkg: string;
  /** Store name, for the message. */
  store: string;
  /** What to install, with the version range that works on Node 20 (e.g. `@keyv/sqlite@^4`). */
  install: string;
  /** Default: dynamic `import()`. */
  importer?: Importer;
}

/**
 * Import a keyv adapter that sft-label does not need in every installation (`@keyv/sqlite` is an optional
 * dependency: its native sqlite3 addon may fail to build). A package that is absent, or present but unloadable,
 * is a ConfigError naming the package and what to do — never a crash in the middle of a command.
 */
export async function loadOptionalPackage(options: OptionalPackage): Promise<Record<string, unknown>> {
  const { pkg, store, install } = options;
  const importer = options.importer ?? ((specifier: string) => import(specifier));
  try {
    return (await importer(pkg)) as Record<string, unknown>;
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    const first = String((err as Error | null)?.message ?? err).split('\n')[0] ?? '';
    // ERR_MODULE_NOT_FOUND also fires for a missing dependency of the package; say which module was missing.
    const why =
      code === 'ERR_MODULE_NOT_FOUND'
        ? `which is not installed or incomplete (npm install ${install}): ${first}`
        : `which is installed but failed to load (a native addon may not be built; try npm rebuild or npm install ${install}): ${first}`;
    throw new ConfigError(`cache store "${store}" needs the package ${pkg}, ${why}`, [], {}, { cause: err });
  }
}
