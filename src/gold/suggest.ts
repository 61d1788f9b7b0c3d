import { z } from 'zod';
import { recordId } from '../conversation/index.js';
import { readLabeledRecords } from '../records/index.js';
import { ConfidenceSchema, LabelsSchema, tagsOf, type Labels, type Taxonomy } from '../taxonomy/index.js';
import { mulberry32 } from '../util/prng.js';

/**
 * `gold suggest`: choose the next samples for people to label, where the gold set is weak.
 *
 * Every candidate (a sample of the --from outputs that is not in gold) falls in exactly one stratum, the first that
 * applies: `disagree` (the configurations give different labels on some dimension), `uncovered` (it carries a tag
 * with fewer than `minExamples` gold examples), `low-confidence` (some dimension's confidence below the threshold),
 * `other`. Each stratum gets a share of N (40/30/20/10%, every non-empty stratum at least one, unused places go to
 * the strata before it) and is sampled by simple random sampling without replacement (seeded), so a candidate's
 * inclusion probability is exactly n_h / N_h: weighting the labeled samples by 1 / π keeps estimates over the
 * population unbiased although the choice favours the informative strata. Candidates never enter a gold set here:
 * they go to a review CSV, and only a person's labels (review import) add them.
 */
export const STRATA = ['disagree', 'uncovered', 'low-confidence', 'other'] as const;
export type Stratum = (typeof STRATA)[number];
const SHARES: Record<Stratum, number> = { disagree: 0.4, uncovered: 0.3, 'low-confidence': 0.2, other: 0.1 };

/** What the selection keeps of one sample across the --from outputs. */
export interface CandidateView {
  id: string;
  /** Per --from output, in order: its labels (null = failed, undefined = the output lacks this sample). */
  labels: Array<Labels | null | undefined>;
  /** Per dimension, the lowest confidence any output gave. */
  confidence: Record<string, number>;
  /** Index of the first output holding the sample (its record is taken from there). */
  source: number;
}

export interface Candidate {
  id: string;
  stratum: Stratum;
  inclusion_probability: number;
  /** Why it is informative: disagreeing dimensions, under-covered tags, low-confidence dimensions. */
  reasons: string[];
  labels: Array<Labels | null | undefined>;
  confidence: Record<string, number>;
  source: number;
}

export interface SuggestPlanOptions {
  taxonomy: Taxonomy;
  /** Gold examples per `dimension\u0000tag`. */
  goldCounts: ReadonlyMap<string, number>;
  /** A tag with fewer gold examples is under-covered; default 3. */
  minExamples?: number;
  /** Default 0.65 (the arbitration threshold). */
  confidenceThreshold?: number;
  n: number;
  seed?: number;
}

export interface SuggestPlan {
  candidates: Candidate[];
  strata: Record<Stratum, { population: number; selected: number; inclusion_probability: number }>;
}

/** Stratify, allocate and sample. Pure and deterministic for a seed; candidates come out stratum by stratum. */
export function planSuggestion(views: readonly CandidateView[], o: SuggestPlanOptions): SuggestPlan {
  const min = o.minExamples ?? 3;
  const threshold = o.confidenceThreshold ?? 0.65;
  const byStratum = new Map<Stratum, Candidate[]>(STRATA.map((s) => [s, []]));
  for (const v of [...views].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const disagree: string[] = [];
    const uncovered: string[] = [];
    const low: string[] = [];
    for (const dim of o.taxonomy.dimensions) {
      const answers = new Set(v.labels.filter((l) => l !== undefined).map((l) => [...tagsOf(l, dim.id)].sort().join(';')));
      if (answers.size > 1) disagree.push(dim.id);
      const tags = new Set(v.labels.flatMap((l) => tagsOf(l, dim.id)));
      for (const t of tags) {
        const k = o.goldCounts.get(`${dim.id}\u0000${t}`) ?? 0;
        if (k < min && dim.tags.some((x) => x.id === t)) uncovered.push(`${dim.id}:${t} (${k} in gold)`);
      }
      const c = v.confidence[dim.id];
      if (c !== undefined && c < threshold) low.push(`${dim.id} ${c.toFixed(2)}`);
    }
    const stratum: Stratum = disagree.length ? 'disagree' : uncovered.length ? 'uncovered' : low.length ? 'low-confidence' : 'other';
    const reasons = [
      ...(disagree.length ? [`disagree: ${disagree.join(', ')}`] : []),
      ...(uncovered.length ? [`uncovered: ${uncovered.join(', ')}`] : []),
      ...(low.length ? [`low confidence: ${low.join(', ')}`] : []),
    ];
    byStratum.get(stratum)!.push({ id: v.id, stratum, inclusion_probability: 0, reasons, labels: v.labels, confidence: v.confidence, source: v.source });
  }
  const sizes = STRATA.map((s) => byStratum.get(s)!.length);
  const take = allocate(sizes, o.n);
  const rand = mulberry32(o.seed ?? 1);
  const candidates: Candidate[] = [];
  const strata = {} as SuggestPlan['strata'];
  STRATA.forEach((s, i) => {
    const pool = byStratum.get(s)!;
    const k = take[i]!;
    const pi = pool.length ? k / pool.length : 0;
    // Seeded Fisher-Yates over the id-sorted pool: a simple random sample of k.
    for (let j = pool.length - 1; j > 0; j--) {
      const r = Math.floor(rand() * (j + 1));
      [pool[j], pool[r]] = [pool[r]!, pool[j]!];
    }
    for (const c of pool.slice(0, k)) candidates.push({ ...c, inclusion_probability: pi });
    strata[s] = { population: pool.length, selected: k, inclusion_probability: pi };
  });
  return { candidates, strata };
}

/**
 * Places per stratum: first one for every non-empty stratum (in priority order, while places last), then each up to
 * its share of n, then what is left to the strata in priority order, never more than a stratum holds.
 */
export function allocate(sizes: readonly number[], n: number): number[] {
  const out = sizes.map(() => 0);
  let left = Math.max(0, Math.min(n, sizes.reduce((a, b) => a + b, 0)));
  sizes.forEach((size, i) => {
    if (size > 0 && left > 0) {
      out[i] = 1;
      left--;
    }
  });
  STRATA.forEach((s, i) => {
    const want = Math.min(sizes[i]!, Math.round(SHARES[s] * n));
    const add = Math.max(0, Math.min(left, want - out[i]!));
    out[i]! += add;
    left -= add;
  });
  sizes.forEach((size, i) => {
    const add = Math.min(left, size - out[i]!);
    out[i]! += add;
    left -= add;
  });
  return out;
}

const SuggestRecordSchema = z.looseObject({ labels: LabelsSchema.nullable().optional(), confidence: ConfidenceSchema.optional() });

/**
 * Read the --from outputs into one view per sample id (streamed; only labels and lowest confidences are kept),
 * leaving out ids already in gold. Records are matched across outputs by id (`recordId`: the id field or the content hash).
 */
export async function readSuggestViews(files: readonly string[], goldIds: ReadonlySet<string>): Promise<{ views: CandidateView[]; inGold: number; skipped: string[] }> {
  const views = new Map<string, CandidateView>();
  const skipped: string[] = [];
  let inGold = 0;
  for (let f = 0; f < files.length; f++) {
    for await (const { record } of readLabeledRecords(files[f]!, { mode: 'lenient', onSkip: (s) => skipped.push(s.message) })) {
      const id = recordId(record);
      if (goldIds.has(id)) {
        if (f === 0) inGold++;
        continue;
      }
      const parsed = SuggestRecordSchema.safeParse(record);
      const labels = parsed.success ? (parsed.data.labels ?? null) : null;
      let v = views.get(id);
      if (!v) {
        v = { id, labels: files.map(() => undefined), confidence: {}, source: f };
        views.set(id, v);
      }
      v.labels[f] = labels;
      for (const [dim, c] of Object.entries(parsed.success ? (parsed.data.confidence ?? {}) : {})) {
        if (typeof c === 'number') v.confidence[dim] = Math.min(v.confidence[dim] ?? 1, c);
      }
    }
  }
  return { views: [...views.values()], inGold, skipped };
}

/** The input records of the chosen candidates (labels, confidence and labeling_monitor removed), by id. */
export async function readCandidateRecords(files: readonly string[], chosen: readonly Candidate[]): Promise<Map<string, Record<string, unknown>>> {
  const want = new Map<number, Set<string>>();
  for (const c of chosen) want.set(c.source, new Set([...(want.get(c.source) ?? []), c.id]));
  const out = new Map<string, Record<string, unknown>>();
  for (const [f, ids] of want) {
    for await (const { record } of readLabeledRecords(files[f]!, { mode: 'lenient' })) {
      const id = recordId(record);
      if (!ids.has(id) || out.has(id)) continue;
      const { labels: _l, confidence: _c, labeling_monitor: _m, ...rest } = record;
      out.set(id, { ...rest, id });
    }
  }
  return out;
}
