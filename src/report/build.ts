import type { CalibrationReport } from '../calibration/index.js';
import { detectableDrops, interAnnotatorAgreement, type PairedReport, type Ranking, type ScoreReport } from '../score/index.js';
import { tagsOf, type Labels, type Taxonomy } from '../taxonomy/index.js';
import { conversationExcerpt } from './excerpt.js';
import type {
  BaselineDiff, CeilingValue, ConfigStats, DisagreementSample, PromptText, ReportCascade, ReportConfig, ReportModel, ReportVersions,
} from './model.js';

/** The part of a paired report the renderers use (the scorer's PairedReport and the runner's saved copy both fit). */
export type PairedLike = Pick<PairedReport, 'dimensions' | 'overall'> | { dimensions: Record<string, BaselineDiff>; overall: BaselineDiff };

export interface ConfigInput {
  name: string;
  model: string;
  prompt: string | null;
  axes?: Record<string, boolean | number>;
  score: ScoreReport;
  vsBaseline: PairedLike | null;
  stats?: ConfigStats | null;
  /** Overall headline of each repeat (metrics.json `repeats`); default none. */
  repeats?: Array<number | null>;
  /** Why the configuration failed (nothing labeled, too many failures); null or absent when it did not. */
  failure?: string | null;
  /** Calibration per dimension (metrics.json's `calibration`); absent or null = not known. */
  calibration?: CalibrationReport | null;
  /** Predictions by gold id, for the disagreement explorer (sample_index 0). */
  preds?: ReadonlyMap<string, Labels | null>;
  cascade?: ReportCascade | null;
}

export interface BuildReportOptions {
  experiment: string;
  taxonomy: Taxonomy;
  baseline: string;
  configs: ConfigInput[];
  gold: {
    labels: ReadonlyMap<string, Labels>;
    /** Gold sample records by id (any input variant), for excerpts. */
    samples?: ReadonlyMap<string, unknown>;
    /** annotator -> (id -> labels): independent passes, for the agreement ceiling. */
    annotations?: ReadonlyMap<string, ReadonlyMap<string, Labels>>;
  };
  versions: ReportVersions;
  run?: ReportModel['run'];
  prompts?: PromptText[];
  notes?: string[];
  /** The run's ranking (metrics.json `ranking`); absent: none shown. */
  ranking?: Ranking | null;
  /** Clock for generatedAt; default now. */
  now?: () => Date;
}

/** Assemble the report model from scorer outputs. Pure apart from the clock (injectable). */
export function buildReportModel(opts: BuildReportOptions): ReportModel {
  const dimIds = Object.keys(opts.configs[0]?.score.dimensions ?? {});
  const first = opts.configs[0]?.score.dimensions ?? {};
  return {
    experiment: opts.experiment,
    generatedAt: (opts.now ?? (() => new Date()))().toISOString(),
    versions: opts.versions,
    run: opts.run ?? null,
    baseline: opts.baseline,
    dimensions: dimIds.map((id) => ({ id, kind: first[id]!.kind, headlineMetric: first[id]!.headline_metric })),
    configs: opts.configs.map(toReportConfig),
    ceiling: opts.gold.annotations && opts.gold.annotations.size >= 2 ? ceilingOf(opts.gold.annotations, opts.taxonomy, dimIds) : {},
    disagreements: disagreementsOf(opts, dimIds),
    prompts: opts.prompts ?? [],
    notes: opts.notes ?? [],
    ranking: opts.ranking ?? null,
    detectable: detectableOf(opts, dimIds),
  };
}

/** Minimum detectable drop per configuration x dimension, from the baseline configuration's predictions. */
function detectableOf(opts: BuildReportOptions, dimIds: string[]): ReportModel['detectable'] {
  const base = opts.configs.find((c) => c.name === opts.baseline)?.preds;
  if (!base || !dimIds.length) return [];
  return opts.configs
    .filter((c) => c.preds)
    .map((c) => {
      const r = detectableDrops({ gold: opts.gold.labels, reference: base, other: c.name === opts.baseline ? undefined : c.preds, taxonomy: opts.taxonomy, dims: dimIds });
      return { config: c.name, n: r.n, drops: Object.fromEntries(dimIds.map((d) => [d, r.dimensions[d]?.detectable_drop ?? null])) };
    });
}

function toReportConfig(c: ConfigInput): ReportConfig {
  const pick = (d: BaselineDiff): BaselineDiff => ({ diff: d.diff, diff_ci95: d.diff_ci95, p_value: d.p_value });
  const vs = c.vsBaseline
    ? {
        dimensions: Object.fromEntries(Object.entries(c.vsBaseline.dimensions).map(([k, d]) => [k, pick(d)])),
        overall: pick(c.vsBaseline.overall),
      }
    : null;
  return { name: c.name, model: c.model, prompt: c.prompt, axes: c.axes ?? {}, score: c.score, vsBaseline: vs, stats: c.stats ?? null, failure: c.failure ?? null, calibration: c.calibration ?? null, repeats: c.repeats ?? [], ...(c.cascade ? { cascade: c.cascade } : {}) };
}

/**
 * The agreement ceiling: how well two careful humans agree, in the headline metric of each dimension (kappa,
 * quadratic kappa, alpha-MASI), averaged over annotator pairs. A labeler far above it is fitting the adjudicator's
 * habits rather than the guide.
 */
export function ceilingOf(
  annotations: ReadonlyMap<string, ReadonlyMap<string, Labels>>,
  taxonomy: Taxonomy,
  dims: readonly string[],
): Record<string, CeilingValue> {
  const iaa = interAnnotatorAgreement({ annotations, taxonomy, dims });
  const metricOf = { single: 'kappa', ordinal: 'kappa_quadratic', multi: 'alpha_masi' } as const;
  const out: Record<string, CeilingValue> = {};
  for (const [dim, d] of Object.entries(iaa.dimensions)) {
    const metric = metricOf[d.kind];
    const values = d.pairwise.map((p) => p[metric]).filter((v): v is number => typeof v === 'number');
    out[dim] = { metric, annotators: iaa.annotators, value: values.length ? values.reduce((s, v) => s + v, 0) / values.length : null };
  }
  return out;
}

/** Same tags, whatever the order (a multi dimension is a set). */
export function sameTags(a: Labels | null | undefined, b: Labels | null | undefined, dim: string): boolean {
  const x = [...new Set(tagsOf(a, dim))].sort();
  const y = [...new Set(tagsOf(b, dim))].sort();
  return x.length === y.length && x.every((t, i) => t === y[i]);
}

function disagreementsOf(opts: BuildReportOptions, dims: readonly string[]): DisagreementSample[] {
  const out: DisagreementSample[] = [];
  for (const id of [...opts.gold.labels.keys()].sort()) {
    const gold = opts.gold.labels.get(id)!;
    const preds: Record<string, Labels | null> = {};
    const bad = new Set<string>();
    for (const c of opts.configs) {
      if (!c.preds?.has(id)) continue;
      const p = c.preds.get(id) ?? null;
      preds[c.name] = p;
      for (const dim of dims) if (p === null || !sameTags(gold, p, dim)) bad.add(dim);
    }
    if (bad.size === 0) continue;
    const record = opts.gold.samples?.get(id);
    out.push({ id, excerpt: record === undefined ? '' : conversationExcerpt(record), gold, preds, dims: dims.filter((d) => bad.has(d)) });
  }
  return out;
}
