import type { Labels, Taxonomy } from '../taxonomy/index.js';

/** One structural fix made to a model's answer, recorded in `labeling_monitor.issues.repaired`. */
export interface StructuralRepair {
  dimension: string;
  /** The consistency rule the fix satisfies (`none-is-exclusive`, `cardinality-bounds`). */
  rule: string;
  action: string;
}

/**
 * Make canonical labels structurally valid where the fix is unambiguous, so a labeled output never carries a label
 * set that breaks the taxonomy's error rules for a reason a deterministic step can settle:
 * - `none` next to other tags: the model named something, so `none` is dropped (none-is-exclusive);
 * - more tags than `max`: the first `max` are kept, since answers list the primary tag first (cardinality-bounds).
 * A dimension left empty is not invented: it stays missing and the cardinality rule reports it. Pure.
 */
export function repairStructure(labels: Labels, tax: Taxonomy): { labels: Labels; repaired: StructuralRepair[] } {
  const out: Labels = { ...labels };
  const repaired: StructuralRepair[] = [];
  for (const dim of tax.dimensions) {
    const value = out[dim.id];
    if (dim.selection !== 'multi' || !Array.isArray(value)) continue;
    let tags = value;
    if (dim.none_tag !== null && tags.length > 1 && tags.includes(dim.none_tag)) {
      tags = tags.filter((t) => t !== dim.none_tag);
      repaired.push({ dimension: dim.id, rule: 'none-is-exclusive', action: `dropped "${dim.none_tag}" given next to ${tags.join(', ')}` });
    }
    if (tags.length > dim.max) {
      repaired.push({ dimension: dim.id, rule: 'cardinality-bounds', action: `kept the first ${dim.max} of ${tags.length} tags, dropped ${tags.slice(dim.max).join(', ')}` });
      tags = tags.slice(0, dim.max);
    }
    out[dim.id] = tags;
  }
  return { labels: out, repaired };
}
