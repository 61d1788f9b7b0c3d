import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { sha256Hex } from '../conversation/index.js';
import { ConfigError, InputError, RunIncompleteError, TooManyFailuresError, UsageError } from '../errors/index.js';
import { loadModelRegistry, ModelEntrySchema, PinnedModelSchema, type PinnedModel } from '../llm/index.js';
import { RULES_MODEL } from '../labelers/index.js';
import { describeRanking, RankingSchema } from '../score/index.js';
import { didYouMeanSuffix } from '../util/didyoumean.js';
import { LOCK_VERSION, type LockOptions, type ProductionLock } from './lock.js';

/**
 * What promote reads from reports/<experiment>/ (written by src/runner): only the fields it needs, loosely, so the
 * runner may add fields. metrics.json per config: model, prompt, axes, score.{overall, overall_ci95, dimensions};
 * run.json per config: sample counts and cost.
 */
const MetricsSchema = z.looseObject({
  experiment: z.string(),
  taxonomy_version: z.string(),
  gold: z.looseObject({ name: z.string(), version: z.string(), labels_sha256: z.string(), samples: z.int() }),
  configs: z.record(
    z.string(),
    z.looseObject({
      model: z.string(),
      prompt: z.string().nullable(),
      axes: z.record(z.string(), z.union([z.boolean(), z.number()])).default({}),
      score: z.looseObject({
        overall: z.number().nullable(),
        overall_ci95: z.tuple([z.number(), z.number()]).nullable().optional(),
        dimensions: z.record(z.string(), z.looseObject({ headline: z.number().nullable() })),
      }),
      cascade: z.looseObject({ first: z.string(), then: z.string(), thresholds: z.record(z.string(), z.number()) }).optional(),
      /** Set by `run` when the configuration failed (nothing labeled, too many failures); absent in older files. */
      failure: z.looseObject({ reason: z.string() }).nullable().optional(),
    }),
  ),
  /** Absent in metrics.json files from before ties were tested. */
  ranking: RankingSchema.optional(),
});

const RunSchema = z.looseObject({
  experiment: z.looseObject({ name: z.string(), file: z.string() }),
  tool_version: z.string(),
  prompts: z.record(z.string(), z.looseObject({ hash: z.string() })).default({}),
  finished_at: z.string(),
  status: z.string(),
  gold: z.looseObject({ samples: z.int(), available: z.int().optional() }).optional(),
  configs: z.record(
    z.string(),
    z.looseObject({
      samples: z.int(),
      labeled: z.int(),
      failed: z.int(),
      cost_usd: z.number().nullable(),
      cost_usd_full: z.number().nullable(),
      pinned: PinnedModelSchema.optional(),
    }),
  ),
});

/** Experiment-level defaults (src/runner's OptionsSchema) for options the experiment file does not set. */
const OPTION_DEFAULTS: LockOptions = { arbitration: false, temperature: 0, confidence_threshold: 0.65, max_tokens: 4096 };

export interface PromoteOptions {
  /** reports/<experiment> folder with metrics.json and run.json. */
  report: string;
  /** Promote this configuration instead of the best one. */
  config?: string;
  /** Promote a failed configuration, or from a partial (--limit) run, anyway. Default false. */
  force?: boolean;
  /** Told when `force` let something through. */
  warn?: (line: string) => void;
  /**
   * When the best configuration is tied with others (not significantly better on the same gold samples), promote
   * the cheapest of the tied ones instead of refusing. Default false: a tie is a decision for a person.
   */
  allowTie?: boolean;
  /** Clock for created_at. Default: now. */
  now?: () => Date;
}

/**
 * Pick the production configuration of an experiment: the highest overall headline metric (macro mean over the
 * dimensions) when it is significantly ahead of every other configuration (metrics.json `ranking`: each against the
 * best, paired bootstrap, Holm). When others are tied with it, refuse (UsageError, exit 2) unless `allowTie`, which
 * promotes the cheapest of the tied configurations (list-price cost per sample; unknown cost last; then overall,
 * then name). `config` promotes that one whatever the ranking. The lock's `decision` says which rule chose it.
 * Returns the lock document; the caller writes it.
 */
export function promote(options: PromoteOptions): ProductionLock {
  const metricsPath = join(options.report, 'metrics.json');
  const runPath = join(options.report, 'run.json');
  const metricsText = readText(metricsPath);
  const metrics = parseWith(MetricsSchema, metricsText, metricsPath);
  const run = parseWith(RunSchema, readText(runPath), runPath);
  if (run.status !== 'complete') throw new InputError(`${runPath}: status is "${run.status}"; promote only a complete run (run the experiment again to finish it)`, { file: runPath });
  const ranking = Object.entries(metrics.configs)
    .map(([config, m]) => {
      const r = run.configs[config];
      const done = r ? r.labeled + r.failed : 0;
      const perSample = r && r.cost_usd_full !== null && done > 0 ? r.cost_usd_full / done : null;
      return { config, overall: m.score.overall, cost_per_sample_usd: perSample };
    })
    .sort(compareCandidates);
  const failure = (config: string): string | null => metrics.configs[config]?.failure?.reason ?? null;
  // A partial run scored a sample of the gold set: its ranking is not the one the full set would give.
  const gold = run.gold;
  if (gold?.available !== undefined && gold.samples < gold.available) {
    const why = `${runPath}: a partial run (${gold.samples} of ${gold.available} gold samples, --limit / options.limit)`;
    if (!options.force) throw new RunIncompleteError(`${why}; promote only a run over the whole gold set (run it again without --limit), or pass --force`, [], { file: runPath });
    options.warn?.(`${why}, promoted anyway (--force)`);
  }
  // The best among the configurations that did not fail; a failed one only by name (or when all failed) with --force.
  const usable = ranking.filter((c) => failure(c.config) === null);
  if (options.config === undefined && usable.length === 0 && ranking.length && !options.force) {
    throw new TooManyFailuresError(`${metricsPath}: every configuration failed (${ranking.map((c) => `${c.config}: ${failure(c.config)}`).join('; ')}); nothing to promote`, [], { file: metricsPath });
  }
  // The tested ranking stands only when no failed configuration is its best or among the tied.
  const tested = metrics.ranking && [metrics.ranking.best, ...metrics.ranking.tied].every((c) => c == null || failure(c) === null) ? metrics.ranking : undefined;
  const pick = choose(tested, usable.length ? usable : ranking, options);
  const chosen = pick.config;
  if (chosen !== undefined && failure(chosen) !== null) {
    const why = `configuration ${chosen} failed in ${metricsPath} (${failure(chosen)})`;
    if (!options.force) throw new TooManyFailuresError(`${why}: its scores are not a result; fix the cause and run the experiment again, or pass --force`, [], { file: metricsPath });
    options.warn?.(`${why}, promoted anyway (--force)`);
  }
  if (chosen === undefined) throw new InputError(`${metricsPath}: no configurations to promote`, { file: metricsPath });
  const m = metrics.configs[chosen];
  const r = run.configs[chosen];
  if (!m) throw new UsageError(`--config ${chosen}: not a configuration of ${metricsPath}${didYouMeanSuffix(chosen, Object.keys(metrics.configs))} (known: ${Object.keys(metrics.configs).join(', ')})`);
  if (!r) throw new InputError(`${runPath}: configuration ${chosen} is missing (metrics.json has it)`, { file: runPath });
  if (m.score.overall === null && options.config === undefined) throw new InputError(`${metricsPath}: no configuration has an overall score`, { file: metricsPath });
  const experimentFile = resolve(options.report, '..', '..', run.experiment.file);
  const candidate = [run.experiment.file, experimentFile].find((f) => existsSync(f)) ?? null;
  // A cascade locks its first configuration's model and options, the second model, and the thresholds it was
  // scored with (chosen on gold) as the per-dimension confidence_threshold; it escalates instead of arbitrating.
  const firstOf = m.cascade ? metrics.configs[m.cascade.first] : undefined;
  const thenOf = m.cascade ? metrics.configs[m.cascade.then] : undefined;
  if (m.cascade && (!firstOf || !thenOf)) throw new InputError(`${metricsPath}: cascade ${chosen} names configurations it lacks (${m.cascade.first}, ${m.cascade.then})`, { file: metricsPath });
  const base = firstOf ?? m;
  const lockedOptions = lockOptions(candidate, base.axes);
  // What a configuration sent, as the run recorded it (else from the experiment file or bundled registry); none for rules.
  const pinOf = (config: string, model: string): PinnedModel | null =>
    model === RULES_MODEL ? null : (run.configs[config]?.pinned ?? pinFromExperiment(model, candidate));
  return {
    version: LOCK_VERSION,
    created_at: (options.now ?? (() => new Date()))().toISOString(),
    config: chosen,
    model: base.model,
    prompt_version: m.prompt,
    prompt_hash: m.prompt ? (run.prompts[m.prompt]?.hash ?? null) : null,
    // A cascade pins its first model (the one `model` names) here, its second in `cascade.then_pinned`.
    pinned: pinOf(m.cascade ? m.cascade.first : chosen, base.model),
    taxonomy_version: metrics.taxonomy_version,
    options: m.cascade ? { ...lockedOptions, arbitration: false, confidence_threshold: m.cascade.thresholds } : lockedOptions,
    ...(m.cascade && thenOf ? { cascade: cascadeOf(m.cascade, thenOf.model, pinOf(m.cascade.then, thenOf.model)) } : {}),
    experiment: { name: metrics.experiment, file: candidate, report: options.report, metrics_sha256: sha256Hex(metricsText) },
    gold: { name: metrics.gold.name, version: metrics.gold.version, labels_sha256: metrics.gold.labels_sha256, samples: metrics.gold.samples },
    metrics: {
      overall: m.score.overall,
      overall_ci95: m.score.overall_ci95 ?? null,
      dimensions: Object.fromEntries(Object.entries(m.score.dimensions).map(([d, s]) => [d, s.headline])),
    },
    run: {
      tool_version: run.tool_version,
      finished_at: run.finished_at,
      samples: r.samples,
      labeled: r.labeled,
      failed: r.failed,
      cost_usd: r.cost_usd,
      cost_per_sample_usd: ranking.find((x) => x.config === chosen)?.cost_per_sample_usd ?? null,
    },
    ranking: ranking.map((r) => {
      const e = metrics.ranking?.entries.find((x) => x.config === r.config);
      return e ? { ...r, p_adjusted: e.p_adjusted, tied_with_best: e.tied_with_best } : r;
    }),
    decision: pick.decision,
  };
}

/** A cascade's lock entry: the second model by id and, when known, what it sent (`then_pinned`). */
function cascadeOf(c: { first: string; then: string }, thenModel: string, thenPinned: PinnedModel | null): NonNullable<ProductionLock['cascade']> {
  return { then: thenModel, then_config: c.then, first_config: c.first, ...(thenPinned ? { then_pinned: thenPinned } : {}) };
}

type Ranked = z.infer<typeof RankingSchema>;

/**
 * Which configuration, and the sentence saying why. Without a ranking in metrics.json (a run from before ties were
 * tested), the best point estimate as before, said so.
 */
function choose(tested: Ranked | undefined, byScore: Candidate[], options: PromoteOptions): { config: string | undefined; decision: string } {
  if (options.config !== undefined) return { config: options.config, decision: `--config ${options.config}: chosen by hand` };
  const top = byScore[0]?.config;
  if (!tested) return { config: top, decision: `highest overall point estimate (this run's metrics.json has no ranking: ties were not tested)` };
  const why = describeRanking(tested);
  if (tested.tied.length < 2) return { config: tested.best ?? top, decision: why };
  const tied = byScore.filter((c) => tested.tied.includes(c.config)).sort(cheaperFirst);
  const cheapest = tied[0]!;
  if (!options.allowTie) {
    throw new UsageError(`${why}.\nNot promoting a coin toss: pass --allow-tie to promote the cheapest of them (${cheapest.config}, ${costText(cheapest)}), or --config NAME to choose one`);
  }
  const known = tied.filter((c) => c.cost_per_sample_usd !== null);
  const because = known.length === 0
    ? `no cost known, so the highest point estimate ${cheapest.config}`
    : `the cheaper ${cheapest.config} (${tied.map((c) => `${c.config} ${costText(c)}`).join(', ')})`;
  return { config: cheapest.config, decision: `${why}; promoting ${because}` };
}

/** Cheaper first (unknown cost last), then higher overall, then name. */
function cheaperFirst(a: Candidate, b: Candidate): number {
  const cost = (x: Candidate): number => x.cost_per_sample_usd ?? Infinity;
  if (cost(a) !== cost(b)) return cost(a) - cost(b);
  return compareCandidates(a, b);
}

const costText = (c: Candidate): string => (c.cost_per_sample_usd === null ? 'cost unknown' : `$${c.cost_per_sample_usd.toFixed(6)}/sample`);

type Candidate = { config: string; overall: number | null; cost_per_sample_usd: number | null };

/** Best first: higher overall (null last), then lower cost per sample (null last), then name. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  const score = (x: Candidate): number => x.overall ?? -Infinity;
  const cost = (x: Candidate): number => x.cost_per_sample_usd ?? Infinity;
  // Metrics are deterministic from the same gold, so ties are exact; the epsilon only absorbs float summation order.
  if (Math.abs(score(a) - score(b)) > 1e-12) return score(b) - score(a);
  if (cost(a) !== cost(b)) return cost(a) - cost(b);
  return a.config.localeCompare(b.config);
}

/**
 * For a run.json written before configurations recorded what they sent: the model's inline entry in the experiment
 * file, else its entry in the bundled registry, with the wire name that entry gives (no gateway) and no endpoint.
 * Null when neither knows the id (label --config then resolves it through a registry, as lock version 1 did).
 */
function pinFromExperiment(id: string, experimentFile: string | null): PinnedModel | null {
  let inline: unknown;
  if (experimentFile) {
    const doc = parse(readFileSync(experimentFile, 'utf8')) as { matrix?: { models?: unknown[] } } | null;
    inline = (doc?.matrix?.models ?? []).find((m) => typeof m === 'object' && m !== null && (m as { id?: unknown }).id === id);
  }
  const { id: _id, ...fields } = (inline ?? {}) as Record<string, unknown>;
  const entry = inline ? ModelEntrySchema.safeParse(fields).data : loadModelRegistry().models[id];
  return entry ? { id, wire_model: entry.model, entry, endpoint: null } : null;
}

/** Options of the experiment file (defaults where unset), overridden by the configuration's axis values. */
function lockOptions(experimentFile: string | null, axes: Record<string, boolean | number>): LockOptions {
  let fileOptions: Record<string, unknown> = {};
  if (experimentFile) {
    const doc = parse(readFileSync(experimentFile, 'utf8')) as { options?: Record<string, unknown> } | null;
    fileOptions = doc?.options ?? {};
  }
  const pick = <K extends keyof LockOptions>(k: K): LockOptions[K] => (axes[k] ?? fileOptions[k] ?? OPTION_DEFAULTS[k]) as LockOptions[K];
  return { arbitration: pick('arbitration'), temperature: pick('temperature'), confidence_threshold: pick('confidence_threshold'), max_tokens: pick('max_tokens') };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`${path}: cannot read (${(err as Error).message}); run the experiment first`, { file: path }, { cause: err });
  }
}

function parseWith<T extends z.ZodType>(schema: T, text: string, file: string): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: invalid JSON (${(err as Error).message})`, { file });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`${file}: unexpected shape`, parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`), { file });
  }
  return parsed.data;
}
