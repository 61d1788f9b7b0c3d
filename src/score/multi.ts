import type { Dimension, Labels } from '../taxonomy/index.js';
import { AlphaMasi } from './alpha-masi.js';
import { binaryKappa } from './kappa.js';
import { jaccardFromSizes, masiFromSizes } from './masi.js';
import { defined, type Maybe, ratio, undefinedBecause } from './metric.js';

/**
 * One multi-choice dimension encoded once: each item's gold and pred sets become ids of distinct sets (sorted tag
 * codes; taxonomy tags first, unknown tags after), plus per-item sizes and overlaps, which is all every metric here
 * needs. A failed or missing prediction is the empty set.
 */
export interface MultiData {
  tags: string[];
  gSize: Int32Array;
  pSize: Int32Array;
  inter: Int32Array;
  goldSet: Int32Array;
  predSet: Int32Array;
  sets: Int32Array[];
  itemMasi: Float64Array;
  /** Per tag code: items with the tag in both, in gold, in pred. */
  tagTp: Float64Array;
  tagGold: Float64Array;
  tagPred: Float64Array;
  alpha: AlphaMasi;
}

export function encodeMulti(dim: Dimension, gold: readonly (Labels | null)[], pred: readonly (Labels | null)[]): MultiData {
  const tags = dim.tags.map((t) => t.id);
  const codes = new Map(tags.map((t, i) => [t, i]));
  const sets: Int32Array[] = [];
  const n = gold.length;
  // Hot path (100k items x 2 sides x 6 dims): tag codes go into a reused buffer, insertion-sorted and deduplicated
  // (sets are tiny), and a set is looked up by a numeric key (base-1024 digits, exact for up to 5 tags with codes
  // below 1023) instead of a string; larger sets fall back to a string key. A typed array is only allocated for a
  // set not seen before.
  const byNumber = new Map<number, number>();
  const byString = new Map<string, number>();
  let scratch = new Int32Array(16);
  const encode = (l: Labels | null): number => {
    const raw = l?.[dim.id];
    const list = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
    if (list.length > scratch.length) scratch = new Int32Array(list.length * 2);
    let len = 0;
    for (const tag of list) {
      let c = codes.get(tag);
      if (c === undefined) {
        c = tags.length;
        tags.push(tag);
        codes.set(tag, c);
      }
      let j = len;
      while (j > 0 && scratch[j - 1]! > c) j--;
      if (j > 0 && scratch[j - 1] === c) continue;
      scratch.copyWithin(j + 1, j, len);
      scratch[j] = c;
      len++;
    }
    let num = 0;
    let numeric = len <= 5;
    for (let j = 0; j < len && numeric; j++) {
      if (scratch[j]! >= 1023) numeric = false;
      else num = num * 1024 + scratch[j]! + 1;
    }
    const key = numeric ? num : Array.prototype.join.call(scratch.subarray(0, len), ',');
    let id = typeof key === 'number' ? byNumber.get(key) : byString.get(key);
    if (id === undefined) {
      id = sets.length;
      if (typeof key === 'number') byNumber.set(key, id);
      else byString.set(key, id);
      sets.push(scratch.slice(0, len));
    }
    return id;
  };
  const goldSet = Int32Array.from(gold, encode);
  const predSet = Int32Array.from(pred, encode);
  const d: MultiData = {
    tags,
    gSize: new Int32Array(n),
    pSize: new Int32Array(n),
    inter: new Int32Array(n),
    goldSet,
    predSet,
    sets,
    itemMasi: new Float64Array(n),
    tagTp: new Float64Array(tags.length),
    tagGold: new Float64Array(tags.length),
    tagPred: new Float64Array(tags.length),
    alpha: new AlphaMasi(sets),
  };
  for (let i = 0; i < n; i++) {
    const g = sets[goldSet[i]!]!;
    const p = sets[predSet[i]!]!;
    let a = 0;
    let b = 0;
    let both = 0;
    while (a < g.length && b < p.length) {
      if (g[a]! === p[b]!) {
        d.tagTp[g[a]!]! += 1;
        both++;
        a++;
        b++;
      } else if (g[a]! < p[b]!) a++;
      else b++;
    }
    for (const c of g) d.tagGold[c]! += 1;
    for (const c of p) d.tagPred[c]! += 1;
    d.gSize[i] = g.length;
    d.pSize[i] = p.length;
    d.inter[i] = both;
    d.itemMasi[i] = masiFromSizes(g.length, p.length, both);
  }
  return d;
}

export interface TagScore {
  precision: number | null;
  recall: number | null;
  f1: number;
  support: number;
}

export interface MultiMetrics {
  exact_match: Maybe;
  jaccard: Maybe;
  micro_f1: Maybe;
  macro_f1: Maybe;
  kappa_macro: Maybe;
  kappa_macro_tags: number;
  kappa_macro_undefined: number;
  alpha_masi: Maybe;
  per_tag: Record<string, TagScore>;
}

/**
 * exact_match = share of items with identical sets; jaccard = mean per-item |G∩P|/|G∪P| (two empty sets = 1);
 * micro_f1 = 2 sum TP / (2 sum TP + FP + FN) pooled over tags; macro_f1 = mean per-tag F1 over tags present in
 * gold or pred; per-tag precision is null when the tag was never predicted, recall null when never in gold;
 * kappa_macro = mean of per-tag binary Cohen's kappa over present tags whose kappa is defined (the others are
 * counted in kappa_macro_undefined); alpha_masi = Krippendorff's alpha with MASI distance (Passonneau 2006).
 */
export function multiMetrics(d: MultiData, alpha: Maybe = alphaMasi(d, null)): MultiMetrics {
  const n = d.gSize.length;
  let exact = 0;
  let jac = 0;
  for (let i = 0; i < n; i++) {
    const s = d.gSize[i]!;
    const t = d.pSize[i]!;
    const x = d.inter[i]!;
    if (s === t && x === s) exact++;
    jac += jaccardFromSizes(s, t, x);
  }
  let tpSum = 0;
  let denomSum = 0;
  let f1Sum = 0;
  let present = 0;
  let kSum = 0;
  let kUsed = 0;
  let kUndefined = 0;
  const per_tag: Record<string, TagScore> = {};
  d.tags.forEach((tag, c) => {
    const tp = d.tagTp[c]!;
    const gold = d.tagGold[c]!;
    const pred = d.tagPred[c]!;
    if (gold + pred === 0) return;
    present++;
    tpSum += tp;
    denomSum += gold + pred;
    const f1 = (2 * tp) / (gold + pred);
    f1Sum += f1;
    per_tag[tag] = { precision: pred ? tp / pred : null, recall: gold ? tp / gold : null, f1, support: gold };
    const k = binaryKappa(tp, pred - tp, gold - tp, n - gold - pred + tp);
    if (k.value === null) kUndefined++;
    else {
      kSum += k.value;
      kUsed++;
    }
  });
  return {
    exact_match: ratio(exact, n, 'no items'),
    jaccard: ratio(jac, n, 'no items'),
    micro_f1: denomSum === 0 ? undefinedBecause('no tags on either side') : defined((2 * tpSum) / denomSum),
    macro_f1: ratio(f1Sum, present, 'no tags on either side'),
    kappa_macro: kUsed === 0 ? undefinedBecause(present ? 'per-tag kappa undefined for every tag' : 'no tags on either side') : defined(kSum / kUsed),
    kappa_macro_tags: kUsed,
    kappa_macro_undefined: kUndefined,
    alpha_masi: alpha,
    per_tag,
  };
}

export function alphaMasi(d: MultiData, w: Int32Array | null): Maybe {
  return d.alpha.alpha(d.itemMasi, d.goldSet, d.predSet, w, d.sets.length);
}
