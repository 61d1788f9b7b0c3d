import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors/index.js';
import { RecordedOptionsSchema } from '../labelers/options.js';
import { CORRECTIONS } from '../score/index.js';
import { DIMENSION_IDS } from '../taxonomy/index.js';
import { didYouMeanSuffix } from '../util/didyoumean.js';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { dottedPath, parseYamlLocated } from '../util/yaml.js';

/** Models that take no prompt: they run once per option set whatever the prompts axis says. */
export const PROMPTLESS_MODELS: readonly string[] = ['rules'];

const OptionsSchema = z.strictObject({
  concurrency: z.int().min(1).max(256).default(8).describe('most requests in flight per endpoint (the limiter adapts below it)'),
  limit: z.int().min(1).nullable().default(null).describe('label only the first N gold samples (null: all)'),
  repeats: z.int().min(1).max(50).default(1).describe('label each sample N times (sample_index 0..N-1, cached apart)'),
  // The labeling options and their defaults are the one LabelingOptionsSchema's (src/labelers/options.ts), the same
  // as `label`'s. Before it, experiments defaulted to arbitration false and max_tokens 4096: files relying on that
  // must now say so (the committed ones in experiments/ do).
  ...RecordedOptionsSchema.shape,
});
export type ExperimentOptions = z.infer<typeof OptionsSchema>;

/** An inline model entry; every field but `id` is checked by the model registry when the run starts. */
const InlineModelSchema = z.looseObject({ id: z.string().min(1) });
const ModelRefSchema = z.union([z.string().min(1), InlineModelSchema]);

const MatrixSchema = z.strictObject({
  models: z.array(ModelRefSchema).min(1).describe('model registry ids (or inline entries); `rules` is the offline labeler'),
  prompts: z.array(z.string().min(1)).default([]).describe('prompt versions; ignored by models that take no prompt'),
  // Option axes: each value makes its own configurations. A one-value axis is the same as setting the option.
  arbitration: z.array(z.boolean()).min(1).optional(),
  temperature: z.array(z.number().min(0).max(2)).min(1).optional(),
  confidence_threshold: z.array(z.number().min(0).max(1)).min(1).optional(),
  max_tokens: z.array(z.int().min(16).max(200_000)).min(1).optional(),
});
export type ExperimentMatrix = z.infer<typeof MatrixSchema>;
/** The option axes a matrix may carry, in the order configuration names list them. */
export const OPTION_AXES = ['arbitration', 'temperature', 'confidence_threshold', 'max_tokens'] as const;
export type OptionAxis = (typeof OPTION_AXES)[number];

const GateRuleSchema = z.strictObject({
  metric: z.string().min(1).optional(),
  max_drop: z.number().min(0).max(1).optional(),
  require_significant: z.boolean().optional(),
  skip: z.boolean().optional().describe('never gate this dimension'),
});

const GateCandidateSchema = z.strictObject({
  config: z.string().min(1).describe('the candidate configuration (a name of this experiment, e.g. deepseek-v3.2__v3)'),
  compare_to: z.string().min(1).describe('the configuration it must not be worse than: a configuration name, or a production lock file (.yaml, relative to the experiment file) whose `config` names it'),
});
export type GateCandidate = z.infer<typeof GateCandidateSchema>;

const GatesSchema = z.strictObject({
  metric: z.string().min(1).default('primary').describe("score compared per dimension; `primary` = the scorer's headline metric for the dimension's kind"),
  max_drop: z.number().min(0).max(1).default(0.02).describe('a dimension fails when it drops by more than this vs the baseline'),
  require_significant: z.boolean().default(true).describe('... and the paired bootstrap CI of the drop excludes 0'),
  confidence: z.number().gt(0).lt(1).default(0.95).describe('level of the paired bootstrap CI'),
  resamples: z.int().min(100).max(100_000).default(2000).describe('bootstrap resamples'),
  underpowered: z.enum(['warn', 'fail']).default('warn').describe('a max_drop below what the gold set can detect at 80% power: warn, or fail the gate (exit 2)'),
  dimensions: z.record(z.string(), GateRuleSchema).default({}).describe('per-dimension overrides'),
  correction: z.enum(CORRECTIONS).default('holm').describe('multiple-comparison control over every gate of a run: holm (family-wise error), bh (false discovery rate, Benjamini-Hochberg) or none'),
  candidates: z.array(GateCandidateSchema).default([]).describe('configurations gated against another configuration of the same run (a new prompt version against production)'),
});
export type GateSettings = z.infer<typeof GatesSchema>;

export const ExperimentFileSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" and "-" (it names reports/<name>/)'),
  description: z.string().optional(),
  gold: z.string().min(1).describe('gold set folder, relative to this file or absolute'),
  taxonomy: z.union([z.string(), z.number()]).transform(String).default('3.1').describe('taxonomy version, e.g. "3.1"'),
  matrix: MatrixSchema,
  options: OptionsSchema.prefault({}),
  baseline: z.string().min(1).optional().describe('metrics.json (or its report folder) that gates compare with'),
  cache: z
    .string()
    .min(1)
    .optional()
    .describe(
      "response cache folder of this experiment, relative to this file (a CI experiment's committed cache, e.g. ../cache/ci); " +
        'run, ci and baseline update use it unless --cache-dir says otherwise. Default: $SFT_LABEL_CACHE_DIR, else the user cache .sft-label/cache (ci and baseline update: cache/<name>/)',
    ),
  gates: GatesSchema.prefault({}),
});
export type ExperimentFile = z.infer<typeof ExperimentFileSchema>;

/** A loaded experiment: the file's content with its paths made absolute. */
export interface Experiment extends ExperimentFile {
  /** Absolute path of the experiment file. */
  file: string;
  goldPath: string;
  baselinePath: string | null;
  /** Absolute `cache:` folder, or null when the file names none. */
  cachePath: string | null;
}

/** What names are valid, passed in so that this loader does not depend on the registry or prompt loaders. */
export interface ExperimentCatalog {
  /** Model registry ids. `rules` is always known. */
  models: readonly string[];
  /** Prompt versions (`v1`, `v2`). */
  prompts: readonly string[];
  /** Taxonomy versions; default ['3.1']. */
  taxonomies?: readonly string[];
  /** Dimension ids for gate overrides; default the v3.1 dimensions. */
  dimensions?: readonly string[];
  /** Check that the gold path exists; default true. */
  checkPaths?: boolean;
}

/** Keys allowed in each object, for did-you-mean on unknown keys. */
const KNOWN_KEYS: Array<[RegExp, readonly string[]]> = [
  [/^$/, Object.keys(ExperimentFileSchema.shape)],
  [/^matrix$/, Object.keys(MatrixSchema.shape)],
  [/^options$/, Object.keys(OptionsSchema.shape)],
  [/^gates$/, Object.keys(GatesSchema.shape)],
  [/^gates\.dimensions\.[^.]+$/, Object.keys(GateRuleSchema.shape)],
  [/^gates\.candidates\[\d+\]$/, Object.keys(GateCandidateSchema.shape)],
];

/**
 * Check an experiment file's text. Returns every problem at once, each `file:line: dotted.path: message`, and the
 * parsed experiment when there are none.
 */
export function checkExperimentText(text: string, file: string, catalog: ExperimentCatalog): { experiment?: Experiment; problems: string[] } {
  const located = parseYamlLocated(text, file);
  if (located.syntaxErrors.length) return { problems: located.syntaxErrors };
  const at = (path: readonly PropertyKey[], message: string): string => {
    const line = located.lineOf(path);
    return `${file}${line ? `:${line}` : ''}: ${dottedPath(path)}: ${message}`;
  };
  const keyAt = (path: readonly PropertyKey[], message: string): string => {
    const line = keyLine(text, path);
    return line ? `${file}:${line}: ${dottedPath(path)}: ${message}` : at(path, message);
  };
  const parsed = ExperimentFileSchema.safeParse(located.data ?? {});
  const problems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => describeIssue(issue, at, keyAt, file));
  const absFile = resolve(file);
  problems.push(...checkNames(located.data, catalog, at, keyAt));
  problems.push(...checkPaths(located.data, dirname(absFile), catalog, at));
  if (!parsed.success || problems.length) return { problems: inFileOrder(problems) };
  const data = parsed.data;
  return {
    problems,
    experiment: {
      ...data,
      file: absFile,
      goldPath: resolvePath(dirname(absFile), data.gold),
      baselinePath: data.baseline === undefined ? null : resolvePath(dirname(absFile), data.baseline),
      cachePath: data.cache === undefined ? null : resolvePath(dirname(absFile), data.cache),
    },
  };
}

/** Read, validate and resolve an experiment file. Throws ConfigError listing every problem. */
export function loadExperiment(path: string, catalog: ExperimentCatalog): Experiment {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read experiment file ${path}: ${(err as Error).message}`, [], { file: path });
  }
  const { experiment, problems } = checkExperimentText(text, path, catalog);
  if (!experiment) throw new ConfigError(`invalid experiment ${path}: ${problems.length} problem(s)`, problems, { file: path });
  return experiment;
}

/** The id of a model reference (a registry id or an inline entry). */
export function modelId(ref: ExperimentMatrix['models'][number]): string {
  return typeof ref === 'string' ? ref : ref.id;
}

/** Problems sorted by line (stable), so the list reads top to bottom like the file. */
function inFileOrder(problems: string[]): string[] {
  const line = (p: string): number => Number(/^[^\n]*?:(\d+): /.exec(p)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return problems.map((p, i) => ({ p, i, l: line(p) })).sort((a, b) => a.l - b.l || a.i - b.i).map((x) => x.p);
}

function resolvePath(base: string, path: string): string {
  return isAbsolute(path) ? resolve(path) : resolve(base, path);
}

type At = (path: readonly PropertyKey[], message: string) => string;

function describeIssue(issue: z.core.$ZodIssue, at: At, keyAt: At, file: string): string[] {
  if (issue.code === 'unrecognized_keys') {
    const parent = dottedPath(issue.path) === '(root)' ? '' : dottedPath(issue.path);
    const known = KNOWN_KEYS.find(([re]) => re.test(parent))?.[1] ?? [];
    return issue.keys.map((k) => keyAt([...issue.path, k], `unknown field "${k}"${didYouMeanSuffix(k, known) || ` (known: ${known.join(', ')})`}`));
  }
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    // A missing field has no line of its own: point at its parent object, or at the file for a top-level field.
    const message = `missing required field (${issue.expected})`;
    return [issue.path.length > 1 ? at(issue.path, message) : `${file}: ${dottedPath(issue.path)}: ${message}`];
  }
  return [at(issue.path, issue.message)];
}

/** 1-based line of the key (not the value) at `path`, for messages about the key itself. */
function keyLine(text: string, path: readonly PropertyKey[]): number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1) as unknown[], true) : doc.contents;
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
  const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Unknown or repeated models, prompt versions, taxonomy version and gate dimensions, with did-you-mean. */
function checkNames(data: unknown, catalog: ExperimentCatalog, at: At, keyAt: At): string[] {
  const out: string[] = [];
  const root = (data ?? {}) as Record<string, unknown>;
  const matrix = (root.matrix ?? {}) as Record<string, unknown>;
  const models = asArray(matrix.models);
  const ids = models.map((m) => (typeof m === 'string' ? m : m && typeof m === 'object' ? (m as { id?: unknown }).id : undefined));
  const inline = models.filter((m) => m && typeof m === 'object').map((m) => (m as { id?: unknown }).id).filter((x): x is string => typeof x === 'string');
  const knownModels = [...new Set([...PROMPTLESS_MODELS, ...catalog.models, ...inline])];
  ids.forEach((id, i) => {
    if (typeof id !== 'string') return;
    if (!knownModels.includes(id)) out.push(at(['matrix', 'models', i], `unknown model "${id}"${didYouMeanSuffix(id, knownModels) || ` (known: ${knownModels.join(', ')})`}`));
    else if (ids.indexOf(id) !== i) out.push(at(['matrix', 'models', i], `model "${id}" is listed twice`));
  });
  const prompts = asArray(matrix.prompts);
  prompts.forEach((p, i) => {
    if (typeof p !== 'string') return;
    if (!catalog.prompts.includes(p)) out.push(at(['matrix', 'prompts', i], `unknown prompt version "${p}"${didYouMeanSuffix(p, catalog.prompts) || ` (known: ${catalog.prompts.join(', ')})`}`));
    else if (prompts.indexOf(p) !== i) out.push(at(['matrix', 'prompts', i], `prompt version "${p}" is listed twice`));
  });
  const needsPrompt = ids.some((id) => typeof id === 'string' && !PROMPTLESS_MODELS.includes(id));
  if (needsPrompt && prompts.length === 0) out.push(at(['matrix', 'prompts'], 'LLM models need at least one prompt version (e.g. prompts: [v1])'));
  const taxonomies = catalog.taxonomies ?? ['3.1'];
  if ((typeof root.taxonomy === 'string' || typeof root.taxonomy === 'number') && !taxonomies.includes(String(root.taxonomy))) {
    out.push(at(['taxonomy'], `unknown taxonomy version "${root.taxonomy}" (known: ${taxonomies.join(', ')})`));
  }
  const dims = catalog.dimensions ?? DIMENSION_IDS;
  const overrides = ((root.gates ?? {}) as Record<string, unknown>).dimensions;
  if (overrides && typeof overrides === 'object') {
    for (const d of Object.keys(overrides)) {
      if (!dims.includes(d)) out.push(keyAt(['gates', 'dimensions', d], `unknown dimension "${d}"${didYouMeanSuffix(d, dims) || ` (known: ${dims.join(', ')})`}`));
    }
  }
  return out;
}

function checkPaths(data: unknown, base: string, catalog: ExperimentCatalog, at: At): string[] {
  if (catalog.checkPaths === false) return [];
  const root = (data ?? {}) as Record<string, unknown>;
  const out: string[] = [];
  // Only gold: a missing baseline is normal before the first run, and the gate step says so when it needs one.
  const p = root.gold;
  if (typeof p === 'string' && p.length && !existsSync(resolvePath(base, p))) out.push(at(['gold'], `gold set ${resolvePath(base, p)} does not exist`));
  return out;
}
