import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors/index.js';
import { RecordedOptionsSchema } from '../labelers/options.js';
import { PinnedModelSchema } from '../llm/index.js';
import { describeZodIssues, parseYamlLocated } from '../util/yaml.js';

/** Version 2 pins the model (`pinned`, and a cascade's second in `cascade.then_pinned`); version 1 files still load, with `pinned: null`. */
export const LOCK_VERSION = 2;

/**
 * The labeler options a configuration was scored with; `label --config` applies exactly these. The one labeling
 * options schema (src/labelers/options.ts); promote writes every field, so its defaults only fill hand-written locks.
 */
export const LockOptionsSchema = z.strictObject(RecordedOptionsSchema.shape);
export type LockOptions = z.infer<typeof LockOptionsSchema>;

/** Version 1 (before the model was pinned): model id only, resolved through whatever registry `label` was given. */
const LockV1Schema = z.strictObject({
  version: z.literal(1),
  created_at: z.string().describe('when promote wrote it (ISO 8601)'),
  config: z.string().describe('configuration name in the experiment'),
  model: z.string().min(1).describe('model registry id, or rules'),
  prompt_version: z.string().nullable().describe('null for a model that takes no prompt (rules)'),
  prompt_hash: z.string().nullable().describe('content hash of the prompt version when it was scored'),
  taxonomy_version: z.string(),
  options: LockOptionsSchema,
  cascade: z
    .strictObject({
      then: z.string().min(1).describe('second model (registry id): asked again for calls with a dimension below options.confidence_threshold'),
      then_config: z.string().describe('its configuration in the experiment'),
      first_config: z.string().describe('the first model\'s configuration in the experiment'),
      then_pinned: PinnedModelSchema.optional().describe(
        'what the second model sent when it was scored (like `pinned` for the first); absent in locks promoted before it, which resolve `then` through the model registry',
      ),
    })
    .optional()
    .describe('a cheap-then-strong cascade: `model` (pinned by `pinned`) labels everything, `cascade.then` (pinned by `cascade.then_pinned`) answers the low calls'),
  experiment: z.strictObject({
    name: z.string(),
    file: z.string().nullable(),
    report: z.string().describe('reports/<experiment> folder promoted from'),
    metrics_sha256: z.string(),
  }),
  gold: z.strictObject({ name: z.string(), version: z.string(), labels_sha256: z.string(), samples: z.int().nonnegative() }),
  metrics: z.strictObject({
    overall: z.number().nullable(),
    overall_ci95: z.tuple([z.number(), z.number()]).nullable(),
    dimensions: z.record(z.string(), z.number().nullable()).describe('headline metric per dimension'),
  }),
  run: z.strictObject({
    tool_version: z.string(),
    finished_at: z.string(),
    samples: z.int().nonnegative(),
    labeled: z.int().nonnegative(),
    failed: z.int().nonnegative(),
    cost_usd: z.number().nullable().describe('spent by the run (cache hits are free)'),
    cost_per_sample_usd: z.number().nullable().describe('list-price cost of a sample: the tie-breaker'),
  }),
  /** Candidates and why this one won, for the reader of the lock. */
  ranking: z.array(
    z.strictObject({
      config: z.string(),
      overall: z.number().nullable(),
      cost_per_sample_usd: z.number().nullable(),
      p_adjusted: z.number().nullable().optional().describe('paired comparison with the best overall, Holm-adjusted'),
      tied_with_best: z.boolean().optional().describe('not significantly worse than the best'),
    }),
  ),
  decision: z.string().optional().describe('why this configuration: significantly best, cheapest of a tie (--allow-tie), or --config'),
});

/**
 * experiments/production.lock.yaml: the configuration production labels with, and the evidence it won with.
 * `pinned` is what the configuration sent (registry entry with wire model, provider, response format, request
 * extras and prices; the endpoint host and credential-free base URL; never a key), so `label --config` needs no
 * registry and cannot send another wire model. Null for rules. A cascade pins its second model the same way in
 * `cascade.then_pinned` (optional: a version 2 lock promoted before it resolves the second id through a registry).
 */
const LockV2Schema = LockV1Schema.extend({
  version: z.literal(LOCK_VERSION),
  pinned: PinnedModelSchema.nullable().describe('what the configuration sent (null for rules)'),
});

/** Any lock version, read as the current shape: a version 1 file gets `pinned: null` (nothing was pinned). */
export const ProductionLockSchema = z
  .discriminatedUnion('version', [LockV1Schema, LockV2Schema])
  .transform((lock) => (lock.version === 1 ? { ...lock, version: LOCK_VERSION as typeof LOCK_VERSION, pinned: null, upgraded_from: 1 as const } : lock));
export type ProductionLock = z.infer<typeof LockV2Schema> & { upgraded_from?: 1 };

/** Read and check a lock file; every problem at once, each with its file and line. */
export function loadLock(file: string): ProductionLock {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the lock file (${(err as Error).message})`, [], { file }, { cause: err });
  }
  const located = parseYamlLocated(text, file);
  if (located.syntaxErrors.length) throw new ConfigError(`${file}: not valid YAML`, located.syntaxErrors, { file });
  const parsed = ProductionLockSchema.safeParse(located.data);
  if (!parsed.success) throw new ConfigError(`${file}: not a production lock file (version 1 or ${LOCK_VERSION})`, describeZodIssues(parsed.error.issues, file, located), { file });
  return parsed.data;
}

/** The lock file's text: a comment saying how to use it, then the YAML. */
export function renderLock(lock: ProductionLock, lockPath: string): string {
  return (
    `# Production configuration, written by \`sft-label promote\` on ${lock.created_at}.\n` +
    `# Label with exactly this configuration: sft-label label --config ${lockPath} --input IN --output OUT\n` +
    `# Edit by promoting again, not by hand: the metrics below are what this exact configuration scored.\n` +
    stringify(withoutUpgradeMark(lock), { lineWidth: 0 })
  );
}

function withoutUpgradeMark(lock: ProductionLock): Omit<ProductionLock, 'upgraded_from'> {
  const { upgraded_from: _from, ...rest } = lock;
  return rest;
}
