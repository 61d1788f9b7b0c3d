import { ConfigError, UsageError } from '../errors/index.js';
import { loadPromptVersion } from '../prompts/index.js';
import type { ConfidenceThreshold } from '../labelers/options.js';
import type { ProductionLock } from './lock.js';

/** What `label --config LOCK` labels with: resolveLabeler options taken from the lock. */
export interface LockedLabeler {
  model: string;
  /** Undefined for a model that takes no prompt. */
  prompt: string | undefined;
  temperature: number;
  maxTokens: number;
  arbitration: boolean;
  confidenceThreshold: ConfidenceThreshold;
  /** A cascade's second model (registry id); absent for one model. */
  then?: string;
}

export interface ApplyLockOptions {
  lockPath: string;
  /** Version of the taxonomy this run loads. */
  taxonomyVersion: string;
  /** Flags given explicitly on the command line; each must agree with the lock. */
  given?: { model?: string; prompt?: string; arbitration?: boolean; confidenceThreshold?: number };
  /** Content hash of a prompt version now (default: the bundled prompts' hash). */
  promptHash?: (version: string) => string;
}

/**
 * The labeler settings of a production lock, checked against this run: the same taxonomy version, a prompt whose
 * content is what was scored, and no command-line flag that says otherwise (a lock means exactly that config).
 */
export function applyLock(lock: ProductionLock, options: ApplyLockOptions): LockedLabeler {
  const where = `${options.lockPath} (model ${lock.model}, prompt ${lock.prompt_version ?? '-'})`;
  const given = options.given ?? {};
  const clash = (flag: string, value: unknown, locked: unknown): void => {
    if (value !== undefined && value !== locked) throw new UsageError(`${flag} ${String(value)} contradicts ${where}: the lock sets ${String(locked)}; drop the flag or promote another configuration`);
  };
  clash('--model', given.model, lock.model);
  clash('--prompt', given.prompt, lock.prompt_version ?? undefined);
  clash('--arbitration', given.arbitration, lock.options.arbitration);
  clash('--confidence-threshold', given.confidenceThreshold, lock.options.confidence_threshold);
  if (lock.taxonomy_version !== options.taxonomyVersion) {
    throw new ConfigError(`${where}: promoted with taxonomy ${lock.taxonomy_version}, this run loads ${options.taxonomyVersion}`, [], { file: options.lockPath });
  }
  if (lock.prompt_version && lock.prompt_hash) {
    const now = (options.promptHash ?? ((v: string) => loadPromptVersion(v).hash))(lock.prompt_version);
    if (now !== lock.prompt_hash) {
      throw new ConfigError(
        `${where}: prompt ${lock.prompt_version} changed since it was promoted (hash ${lock.prompt_hash.slice(0, 12)}, now ${now.slice(0, 12)}); run the experiment again and promote`,
        [],
        { file: options.lockPath },
      );
    }
  }
  return {
    model: lock.model,
    prompt: lock.prompt_version ?? undefined,
    temperature: lock.options.temperature,
    maxTokens: lock.options.max_tokens,
    arbitration: lock.options.arbitration,
    confidenceThreshold: lock.options.confidence_threshold,
    ...(lock.cascade ? { then: lock.cascade.then } : {}),
  };
}
