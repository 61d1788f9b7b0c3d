import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors/index.js';
import type { ScoreReport } from '../score/index.js';
import { LabelsSchema, type Labels } from '../taxonomy/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/**
 * The pinned baseline of an experiment (committed, e.g. experiments/baselines/ci.json). It keeps, per configuration,
 * the headline metrics *and the per-sample labels* of sample_index 0 (and of the further repeats when there are some): the gate's paired
 * test compares the same items on both sides, which needs the baseline's predictions, not only its scores. Re-scoring the stored labels
 * against the current gold also keeps the gate honest when the gold labels are corrected later.
 */
export const BASELINE_VERSION = 1;

const Metric = z.number().nullable();

export const BaselineDimensionSchema = z.object({
  kind: z.string(),
  headline_metric: z.string(),
  headline: Metric,
  /** Every scalar metric of the dimension (accuracy, macro_f1, jaccard, ...), for gates on a non-headline metric. */
  metrics: z.record(z.string(), Metric),
});

export const BaselineConfigSchema = z.object({
  model: z.string(),
  prompt: z.string().nullable(),
  prompt_hash: z.string().nullable().describe('content hash of the prompt version the labels were made with'),
  axes: z.record(z.string(), z.union([z.boolean(), z.number()])),
  n: z.int().nonnegative(),
  overall: Metric,
  dimensions: z.record(z.string(), BaselineDimensionSchema),
  labels: z.record(z.string(), LabelsSchema.nullable()).describe('gold id -> labels of sample_index 0 (null = labeling failed)'),
  repeat_labels: z
    .array(z.record(z.string(), LabelsSchema.nullable()))
    .optional()
    .describe('labels of sample_index 1, 2, ... when the experiment has repeats (absent without): the gate averages per-sample agreement over them'),
});
export type BaselineConfig = z.infer<typeof BaselineConfigSchema>;

export const BaselineFileSchema = z.object({
  version: z.literal(BASELINE_VERSION),
  kind: z.literal('sft-label-baseline'),
  experiment: z.string(),
  created_at: z.string(),
  tool_version: z.string(),
  taxonomy_version: z.string(),
  gold: z.object({ name: z.string(), version: z.string(), labels_sha256: z.string(), samples: z.int().nonnegative() }),
  prompts: z.record(z.string(), z.object({ hash: z.string() })).describe('prompt version -> content hash'),
  configs: z.record(z.string(), BaselineConfigSchema),
  cache_keys: z.array(z.string()).describe('every response-cache key the experiment read, sorted: what CI replays'),
});
export type BaselineFile = z.infer<typeof BaselineFileSchema>;

/** Labels by gold id as the scorer takes them. */
export function baselineLabels(config: BaselineConfig): Map<string, Labels | null> {
  return new Map(Object.entries(config.labels));
}

/** Every repeat's labels by gold id, sample_index 0 first. */
export function baselineRepeats(config: BaselineConfig): Map<string, Labels | null>[] {
  return [baselineLabels(config), ...(config.repeat_labels ?? []).map((r) => new Map(Object.entries(r)))];
}

/** Read and validate a baseline file. Missing file or bad content: ConfigError naming it and what to run. */
export function readBaseline(path: string): BaselineFile {
  if (!existsSync(path)) {
    throw new ConfigError(`no baseline at ${path}: create it with \`sft-label baseline update <experiment.yaml>\` and commit it`, [], { file: path });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`baseline ${path} is not valid JSON: ${(err as Error).message}`, [], { file: path });
  }
  const parsed = BaselineFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 20).map((i) => `${path}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`baseline ${path} is not a sft-label baseline (version ${BASELINE_VERSION})`, problems, { file: path });
  }
  return parsed.data;
}

/** Write a baseline as stable, diff-friendly JSON (2-space indent, one trailing newline), atomically. */
export function writeBaseline(path: string, baseline: BaselineFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, `${JSON.stringify(BaselineFileSchema.parse(baseline), null, 2)}\n`);
}

/** One configuration's result as the baseline takes it. */
export interface BaselineConfigInput {
  name: string;
  model: string;
  prompt: string | null;
  promptHash: string | null;
  axes: Record<string, boolean | number>;
  score: ScoreReport;
  /** Labels of sample_index 0 by gold id. */
  labels: ReadonlyMap<string, Labels | null>;
  /** Labels of sample_index 1, 2, ... (experiments with repeats). */
  repeatLabels?: ReadonlyArray<ReadonlyMap<string, Labels | null>>;
}

export interface BuildBaselineOptions {
  experiment: string;
  toolVersion: string;
  taxonomyVersion: string;
  gold: BaselineFile['gold'];
  prompts: BaselineFile['prompts'];
  configs: readonly BaselineConfigInput[];
  cacheKeys: Iterable<string>;
  /** ISO timestamp; default now. */
  createdAt?: string;
}

/** Assemble a baseline from a finished run. Pure; ids and keys are sorted so that a re-run writes the same bytes. */
export function buildBaseline(options: BuildBaselineOptions): BaselineFile {
  const configs: BaselineFile['configs'] = {};
  for (const c of [...options.configs].sort((a, b) => a.name.localeCompare(b.name))) {
    const dimensions: BaselineConfig['dimensions'] = {};
    for (const [dim, d] of Object.entries(c.score.dimensions)) {
      dimensions[dim] = { kind: d.kind, headline_metric: d.headline_metric, headline: d.headline, metrics: scalarMetrics(d) };
    }
    const sorted = (m: ReadonlyMap<string, Labels | null>): BaselineConfig['labels'] => {
      const out: BaselineConfig['labels'] = {};
      for (const id of [...m.keys()].sort()) out[id] = m.get(id) ?? null;
      return out;
    };
    configs[c.name] = {
      model: c.model, prompt: c.prompt, prompt_hash: c.promptHash, axes: { ...c.axes },
      n: c.score.n, overall: c.score.overall, dimensions, labels: sorted(c.labels),
      ...(c.repeatLabels?.length ? { repeat_labels: c.repeatLabels.map(sorted) } : {}),
    };
  }
  return {
    version: BASELINE_VERSION,
    kind: 'sft-label-baseline',
    experiment: options.experiment,
    created_at: options.createdAt ?? new Date().toISOString(),
    tool_version: options.toolVersion,
    taxonomy_version: options.taxonomyVersion,
    gold: { ...options.gold },
    prompts: options.prompts,
    configs,
    cache_keys: [...new Set(options.cacheKeys)].sort(),
  };
}

/** The number-or-null fields of a dimension's score (not confusion matrices, per-tag tables or notes). */
function scalarMetrics(d: object): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(d)) if ((typeof v === 'number' || v === null) && k !== 'n' && k !== 'headline') out[k] = v;
  return out;
}
