import { itemAgreement } from '../score/index.js';
import type { Confidence, Labels, Taxonomy } from '../taxonomy/index.js';
import type { GoldItem } from './thresholds.js';

/** A labeled answer as threshold selection reads it (a run line fits). */
export interface Answer {
  labels: Labels | null;
  confidence: Confidence;
}

/**
 * Gold items for threshold selection: every gold sample the first configuration answered, with per dimension
 * whether it agrees with gold (the scorer's per-item exact agreement, `itemAgreement`: a failed answer never
 * agrees; its confidence is null, so it is always escalated) and, for a cascade, whether the second configuration
 * does (a sample it has no answer for counts as disagreeing). Sorted by id. Pure.
 */
export function goldItems(options: { gold: ReadonlyMap<string, Labels>; first: ReadonlyMap<string, Answer>; then?: ReadonlyMap<string, Answer>; taxonomy: Taxonomy }): GoldItem[] {
  const { gold, taxonomy } = options;
  const labelsOf = (answers: ReadonlyMap<string, Answer>, ids: Iterable<string>): Map<string, Labels | null> =>
    new Map([...ids].map((id) => [id, answers.get(id)?.labels ?? null] as const));
  const first = itemAgreement({ gold, pred: labelsOf(options.first, options.first.keys()), taxonomy });
  const then = options.then ? itemAgreement({ gold, pred: labelsOf(options.then, first.ids), taxonomy }) : null;
  const thenIndex = new Map((then?.ids ?? []).map((id, i) => [id, i] as const));
  return first.ids.map((id, i) => {
    const answer = options.first.get(id)!;
    const agree: Record<string, boolean> = {};
    const thenAgree: Record<string, boolean> = {};
    for (const [dim, values] of Object.entries(first.dimensions)) {
      agree[dim] = values[i]!;
      if (then) thenAgree[dim] = then.dimensions[dim]?.[thenIndex.get(id) ?? -1] ?? false;
    }
    return { id, confidence: answer.labels === null ? null : answer.confidence, agree, ...(then ? { thenAgree } : {}) };
  });
}
