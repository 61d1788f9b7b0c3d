import type { Confidence, Labels } from '../taxonomy/index.js';
import { agreesWithGold } from './agree.js';
import type { CallDimension } from './escalate.js';
import type { GoldItem } from './thresholds.js';

/** A labeled answer as threshold selection reads it (a run line fits). */
export interface Answer {
  labels: Labels | null;
  confidence: Confidence;
}

/**
 * Gold items for threshold selection: every gold sample the first configuration answered (a failed answer counts
 * as labels null: always escalated, never agreeing), with the second configuration's agreement when there is one.
 * A sample the second configuration has no answer for counts as disagreeing there. Dimensions absent from gold are
 * left out of each item's maps. Pure.
 */
export function goldItems(options: {
  gold: ReadonlyMap<string, Labels>;
  first: ReadonlyMap<string, Answer>;
  then?: ReadonlyMap<string, Answer>;
  dimensions: readonly CallDimension[];
}): GoldItem[] {
  const out: GoldItem[] = [];
  for (const [id, gold] of [...options.gold].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const first = options.first.get(id);
    if (!first) continue;
    const agree: Record<string, boolean> = {};
    const thenAgree: Record<string, boolean> = {};
    for (const d of options.dimensions) {
      const a = agreesWithGold(gold, first.labels, d.id);
      if (a === null) continue;
      agree[d.id] = a;
      if (options.then) thenAgree[d.id] = agreesWithGold(gold, options.then.get(id)?.labels ?? null, d.id) ?? false;
    }
    out.push({ id, confidence: first.labels === null ? null : first.confidence, agree, ...(options.then ? { thenAgree } : {}) });
  }
  return out;
}
