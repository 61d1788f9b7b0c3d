import type { Labels } from '../taxonomy/index.js';

export interface Aligned {
  ids: string[];
  gold: Labels[];
  pred: (Labels | null)[];
  gold_only: string[];
  pred_only: string[];
  failed: string[];
}

/**
 * Pair gold and predictions by id. Ids on one side only are listed and left out (never scored as disagreement);
 * a null prediction (labeling failed) is kept and listed as failed. Ids come out sorted, so results do not
 * depend on file order.
 */
export function alignById(gold: ReadonlyMap<string, Labels>, pred: ReadonlyMap<string, Labels | null>): Aligned {
  const ids = [...gold.keys()].filter((id) => pred.has(id)).sort();
  const out: Aligned = {
    ids,
    gold: ids.map((id) => gold.get(id)!),
    pred: ids.map((id) => pred.get(id) ?? null),
    gold_only: [...gold.keys()].filter((id) => !pred.has(id)).sort(),
    pred_only: [...pred.keys()].filter((id) => !gold.has(id)).sort(),
    failed: ids.filter((id) => pred.get(id) === null),
  };
  return out;
}
