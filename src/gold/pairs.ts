import { tagsOf, type Labels, type Taxonomy } from '../taxonomy/index.js';
import { UsageError } from '../errors/index.js';
import type { GoldSet } from './load.js';

/** Two annotation passes of a gold set, keyed by id. */
export interface AnnotationPair {
  a: string;
  b: string;
  passA: Map<string, Labels>;
  passB: Map<string, Labels>;
}

/**
 * The two passes to compare: the named ones, or by default the first two passes that are not model annotations
 * (human or independent-annotator passes; `model-*` files are pre-annotations, not a measurement of agreement).
 */
export function annotationPair(set: GoldSet, names?: { a?: string; b?: string }): AnnotationPair {
  const independent = Object.keys(set.annotations).filter((n) => !n.startsWith('model-') && !(set.annotations[n] ?? []).some((r) => r.value.model_annotation));
  const a = names?.a ?? independent[0];
  const b = names?.b ?? independent.find((n) => n !== a);
  if (!a || !b) throw new UsageError(`${set.dir}: inter-annotator agreement needs two annotation passes in annotations/ (found: ${Object.keys(set.annotations).join(', ') || 'none'})`);
  const rows = (n: string) => {
    const r = set.annotations[n];
    if (!r) throw new UsageError(`${set.dir}: no annotation pass "${n}" (have: ${Object.keys(set.annotations).join(', ')})`);
    return new Map(r.map((x) => [x.value.id, x.value.labels]));
  };
  return { a, b, passA: rows(a), passB: rows(b) };
}

/** Counts beside the chance-corrected metric, per dimension: raw agreement and what adjudication did. */
export interface AgreementCounts {
  dimension: string;
  /** Ids labeled in both passes. */
  n: number;
  /** Both passes gave exactly the same value (tag sets compared as sets; task order ignored). */
  agreed: number;
  /** Dimensions the adjudicator decided (an entry in `adjudication`). */
  adjudicated: number;
  /** Gold equals pass a / pass b. */
  gold_equals_a: number;
  gold_equals_b: number;
}

export function agreementCounts(set: GoldSet, pair: AnnotationPair, tax: Taxonomy): AgreementCounts[] {
  const gold = new Map(set.labels.map((l) => [l.value.id, l.value]));
  const ids = [...pair.passA.keys()].filter((id) => pair.passB.has(id));
  return tax.dimensions.map((dim) => {
    const same = (x: Labels | undefined, y: Labels | undefined) => sameSet(tagsOf(x, dim.id), tagsOf(y, dim.id));
    let agreed = 0;
    let adjudicated = 0;
    let ga = 0;
    let gb = 0;
    for (const id of ids) {
      const a = pair.passA.get(id);
      const b = pair.passB.get(id);
      const g = gold.get(id);
      if (same(a, b)) agreed++;
      if (g?.adjudication[dim.id] !== undefined) adjudicated++;
      if (g && same(g.labels, a)) ga++;
      if (g && same(g.labels, b)) gb++;
    }
    return { dimension: dim.id, n: ids.length, agreed, adjudicated, gold_equals_a: ga, gold_equals_b: gb };
  });
}

function sameSet(x: readonly string[], y: readonly string[]): boolean {
  const sx = new Set(x);
  return sx.size === new Set(y).size && y.every((t) => sx.has(t));
}
