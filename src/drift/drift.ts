import { z } from 'zod';
import type { Taxonomy } from '../taxonomy/index.js';
import type { LabelCounts } from './read.js';
import { chiSquareHomogeneity, MIN_EXPECTED, totalVariation } from './divergence.js';

export const DRIFT_REPORT_VERSION = 1;

const TagShift = z.object({ tag: z.string(), a: z.number(), b: z.number(), diff: z.number() });

export const DimensionDriftSchema = z.object({
  selection: z.enum(['single', 'multi']),
  /** What was counted: one per labeled record (single) or one per tag occurrence (multi). */
  unit: z.enum(['records', 'tag occurrences']),
  n_a: z.number().int(),
  n_b: z.number().int(),
  /** Total variation distance of the two proportion vectors, null when a side has no counts. */
  tvd: z.number().nullable(),
  chi_square: z
    .object({ statistic: z.number(), df: z.number().int(), p_value: z.number(), categories: z.number().int(), pooled: z.array(z.string()) })
    .nullable()
    .describe('null when fewer than two categories remain after pooling'),
  /** Tags present in B but never in A, and present in A but never in B. */
  appeared: z.array(z.string()),
  vanished: z.array(z.string()),
  /** The largest changes of share (B - A), at most 5. */
  top_shifts: z.array(TagShift),
});
export type DimensionDrift = z.infer<typeof DimensionDriftSchema>;

export const DriftReportSchema = z.object({
  version: z.literal(DRIFT_REPORT_VERSION),
  taxonomy_version: z.string(),
  a: z.object({ file: z.string(), records: z.number().int(), labeled: z.number().int() }),
  b: z.object({ file: z.string(), records: z.number().int(), labeled: z.number().int() }),
  min_expected: z.number(),
  dimensions: z.record(z.string(), DimensionDriftSchema),
});
export type DriftReport = z.infer<typeof DriftReportSchema>;

/**
 * Compare the label distributions of two labeled sets, dimension by dimension. Pure. For multi dimensions the
 * units are tag occurrences: the chi-square then treats a record's tags as independent draws, which they are not,
 * so read its p-value as a screening signal there (TVD is the effect size either way).
 */
export function compareLabelCounts(a: LabelCounts, b: LabelCounts, taxonomy: Taxonomy, options: { minExpected?: number } = {}): DriftReport {
  const minExpected = options.minExpected ?? MIN_EXPECTED;
  const dimensions: Record<string, DimensionDrift> = {};
  for (const dim of taxonomy.dimensions) {
    const ca = a.counts.get(dim.id) ?? new Map<string, number>();
    const cb = b.counts.get(dim.id) ?? new Map<string, number>();
    dimensions[dim.id] = {
      selection: dim.selection,
      unit: dim.selection === 'multi' ? 'tag occurrences' : 'records',
      n_a: total(ca),
      n_b: total(cb),
      tvd: totalVariation(ca, cb),
      chi_square: chiSquareHomogeneity(ca, cb, { minExpected }),
      appeared: [...cb.keys()].filter((t) => !ca.get(t)).sort(),
      vanished: [...ca.keys()].filter((t) => !cb.get(t)).sort(),
      top_shifts: shifts(ca, cb),
    };
  }
  return {
    version: DRIFT_REPORT_VERSION,
    taxonomy_version: taxonomy.version,
    a: { file: a.file, records: a.records, labeled: a.labeled },
    b: { file: b.file, records: b.records, labeled: b.labeled },
    min_expected: minExpected,
    dimensions,
  };
}

function total(m: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}

function shifts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Array<z.infer<typeof TagShift>> {
  const na = total(a);
  const nb = total(b);
  if (!na || !nb) return [];
  return [...new Set([...a.keys(), ...b.keys()])]
    .map((tag) => {
      const pa = (a.get(tag) ?? 0) / na;
      const pb = (b.get(tag) ?? 0) / nb;
      return { tag, a: pa, b: pb, diff: pb - pa };
    })
    .sort((x, y) => Math.abs(y.diff) - Math.abs(x.diff) || x.tag.localeCompare(y.tag))
    .slice(0, 5);
}
