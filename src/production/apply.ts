import { ConfigError, UsageError } from '../errors/index.js';
import { endpointHost, registryEntryOf, type ModelEntry, type ModelRegistry, type PinnedModel } from '../llm/index.js';
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
  /**
   * The lock's pinned entries under their model ids (the first model's and a cascade's second), to join to (and win
   * over) any registry; empty without any.
   */
  models: Record<string, ModelEntry>;
  /** What the lock says was sent; null for rules and version 1 locks. `checkPinnedWire` compares the run with it. */
  pinned: PinnedModel | null;
  /** What a cascade's second model sent (`cascade.then_pinned`); null for one model and locks promoted before it. */
  thenPinned: PinnedModel | null;
  /** Printable notes (a registry that maps the id elsewhere, a version 1 lock). */
  notes: string[];
}

export interface ApplyLockOptions {
  lockPath: string;
  /** Version of the taxonomy this run loads. */
  taxonomyVersion: string;
  /** Flags given explicitly on the command line; each must agree with the lock. */
  given?: { model?: string; prompt?: string; arbitration?: boolean; confidenceThreshold?: number };
  /** Content hash of a prompt version now (default: the bundled prompts' hash). */
  promptHash?: (version: string) => string;
  /**
   * The registry this run would otherwise resolve the id with, and whether the user named it (`--models`): a named
   * registry that maps the id to another wire model contradicts the lock (UsageError); the bundled one only gets a note.
   */
  registry?: { registry: ModelRegistry; explicit: boolean };
  /** `--response-format` given on the command line. */
  responseFormat?: string;
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
  const pinned = lock.pinned;
  const thenPinned = lock.cascade?.then_pinned ?? null;
  // One model or a cascade's two: each pinned entry is checked alike (--response-format, a registry mapping it elsewhere).
  const pins = [
    { id: lock.model, pinned, what: lock.model },
    ...(lock.cascade ? [{ id: lock.cascade.then, pinned: thenPinned, what: `${lock.cascade.then} (cascade.then)` }] : []),
  ];
  for (const p of pins) if (p.pinned) clash('--response-format', options.responseFormat, p.pinned.entry.response_format);
  const notes: string[] = [];
  if (!pinned && lock.model !== 'rules') {
    notes.push(`${options.lockPath} (lock version ${lock.upgraded_from ?? lock.version}) does not pin the wire model of ${lock.model}: it is resolved through the model registry; promote again to pin it`);
  }
  if (lock.cascade && !thenPinned) {
    notes.push(`${options.lockPath} does not pin the wire model of the cascade's second model ${lock.cascade.then} (promoted before cascade.then_pinned): it is resolved through the model registry; promote again to pin it`);
  }
  for (const { id, pinned: p, what } of pins) {
    const other = p && options.registry && Object.hasOwn(options.registry.registry.models, id) ? options.registry.registry.models[id]! : null;
    if (!p || !other || other.model === p.entry.model) continue;
    const msg = `${options.registry!.registry.file} maps ${what} to wire model "${other.model}", ${where} was scored with "${p.entry.model}"`;
    if (options.registry!.explicit) throw new UsageError(`--models: ${msg}; the lock's entry is what production must send: drop --models or promote a configuration of that registry`);
    notes.push(`${msg}: sending the lock's "${p.entry.model}"`);
  }
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
    models: Object.fromEntries(pins.filter((p) => p.pinned).map((p) => [p.id, registryEntryOf(p.pinned!)])),
    pinned,
    thenPinned,
    notes,
  };
}

/** What one client stack sends: the wire model and the endpoint's base URL. */
export interface SentModel {
  wireModel: string | undefined;
  endpoint: string | undefined;
}

/**
 * After the labeler is built: the wire model each stack sends (the model's, and a cascade's second model's as
 * `sent.then`) must be the lock's (through a gateway the wire name is the id, directly it is the provider's name, so
 * switching between them changes what is sent): a UsageError otherwise. A different endpoint host is allowed (a
 * proxy, a region) and returned as a note.
 */
export function checkPinnedWire(locked: LockedLabeler, lockPath: string, sent: SentModel & { then?: SentModel }): string[] {
  const pairs: Array<[PinnedModel | null, SentModel | undefined]> = [[locked.pinned, sent], [locked.thenPinned, sent.then]];
  return pairs.flatMap(([pinned, s]) => (pinned && s ? checkOneWire(pinned, lockPath, s) : []));
}

function checkOneWire(pinned: PinnedModel, lockPath: string, sent: SentModel): string[] {
  if (sent.wireModel === undefined) return [];
  if (sent.wireModel !== pinned.wire_model) {
    const how = pinned.endpoint ? ` through ${pinned.endpoint.gateway ? 'a gateway' : 'a direct endpoint'} (${pinned.endpoint.host})` : '';
    throw new UsageError(
      `${lockPath}: this run would send wire model "${sent.wireModel}" for ${pinned.id}, the lock was scored sending "${pinned.wire_model}"${how}; ` +
        'use the same kind of endpoint (gateway mode: --gateway / SFT_LABEL_GATEWAY, or LITELLM_BASE_URL) or promote a configuration scored like this',
    );
  }
  if (pinned.endpoint && sent.endpoint) {
    const host = endpointHost(sent.endpoint);
    if (host !== pinned.endpoint.host) return [`${lockPath}: ${pinned.id} scored against ${pinned.endpoint.host}, labeling against ${host} (same wire model ${pinned.wire_model})`];
  }
  return [];
}
