import { masiFromSizes } from './masi.js';
import { defined, type Maybe, undefinedBecause } from './metric.js';

/**
 * Krippendorff's alpha with the MASI distance for two coders (gold, pred) without missing values, fast enough for
 * 100k items and for bootstrap resamples.
 *
 * With two values per unit, D_o is the mean per-item MASI distance. D_e needs sum over all ordered pairs of values
 * n_a n_b δ(a, b) over the distinct label sets a, b: quadratic in the number of distinct sets if done directly.
 * δ depends only on (|A|, |B|, |A ∩ B|), so we only need, per size pair (s, t), the histogram of intersection
 * sizes. Its binomial moments B_k(s,t) = sum over pairs of C(|A∩B|, k) equal sum over k-subsets S of
 * (weight of sets of size s containing S) x (weight of sets of size t containing S), and the histogram follows by
 * binomial inversion h_i = sum_{k>=i} (-1)^(k-i) C(k,i) B_k. Cost: one pass over the subsets of each distinct set
 * (label sets are small: the taxonomy caps them at a handful of tags). All sums are exact integers in doubles.
 */
/** Above this many tags in one set, subset enumeration (2^size) costs more than comparing sets pairwise. */
const MAX_SUBSET_SIZE = 12;
/**
 * Up to this many distinct sets the class (|A|, |B|, |A ∩ B|) of every pair can be tabulated once (V² Uint16, 8 MB
 * at 2048), after which a sum walks the pairs of the sets present: U²/2 steps for U sets present, whatever their
 * sizes. The subset method costs ~2^size per set present. Bootstraps of a gold run (~200 sets present, some of 10
 * tags) are far cheaper pairwise; 1,000 small random sets far cheaper through subsets. `auto` picks per sum.
 * Both build the same exact integer histogram, so the result does not depend on the choice.
 */
const MAX_TABLE_SETS = 2048;
/** Pair classes are Uint16: (size + 1)^3 must stay below 65 536. */
const MAX_TABLE_SIZE = 39;

/** How pairDistanceSum works; `auto` picks per sum by estimated work. Fixed only by tests, to compare the methods. */
export type AlphaMasiMethod = 'auto' | 'table' | 'subsets' | 'direct';

interface SubsetIndex {
  /** Per distinct set, its subsets' ids (including the empty set) in subsetIds[start[v] .. start[v + 1]). */
  start: Int32Array;
  subsetIds: Int32Array;
  /** Size of each distinct subset. */
  subsetK: Int32Array;
}

export class AlphaMasi {
  private readonly maxSize: number;
  private readonly sets: readonly Int32Array[];
  private readonly setSize: Int32Array;
  private readonly binom: number[][];
  private readonly method: AlphaMasiMethod;
  private readonly canTable: boolean;
  private readonly canSubsets: boolean;
  /** Built on first use. */
  private subsets: SubsetIndex | null = null;
  /** Pair classes (s * L + t) * L + i of the table method, built on first use. */
  private pairClass: Uint16Array | null = null;

  /** `sets[v]` = sorted tag codes of distinct set v. */
  constructor(sets: readonly Int32Array[], options: { method?: AlphaMasiMethod } = {}) {
    this.sets = sets;
    this.maxSize = sets.reduce((m, s) => Math.max(m, s.length), 0);
    this.setSize = Int32Array.from(sets, (s) => s.length);
    this.method = options.method ?? 'auto';
    this.canTable = sets.length <= MAX_TABLE_SETS && this.maxSize <= MAX_TABLE_SIZE;
    this.canSubsets = this.maxSize <= MAX_SUBSET_SIZE;
    if (this.method === 'subsets' && !this.canSubsets) throw new RangeError(`subset method: a set has more than ${MAX_SUBSET_SIZE} tags`);
    if (this.method === 'table' && !this.canTable)
      throw new RangeError(`table method: more than ${MAX_TABLE_SETS} distinct sets or a set of more than ${MAX_TABLE_SIZE} tags`);
    this.binom = [];
    for (let n = 0; n <= this.maxSize; n++) {
      const row = [1];
      for (let k = 1; k <= n; k++) row.push((row[k - 1]! * (n - k + 1)) / k);
      this.binom.push(row);
    }
  }

  /** The method for one sum: fixed, or the cheapest that can hold the sets (see MAX_TABLE_SETS). */
  private methodFor(counts: Float64Array): Exclude<AlphaMasiMethod, 'auto'> {
    if (this.method !== 'auto') return this.method;
    if (!this.canTable) return this.canSubsets ? 'subsets' : 'direct';
    if (!this.canSubsets) return 'table';
    let present = 0;
    let subsetWork = 0;
    for (let v = 0; v < counts.length; v++) {
      if (counts[v] === 0) continue;
      present++;
      subsetWork += 1 << this.setSize[v]!;
    }
    const L = this.maxSize + 1;
    return 2 * subsetWork + L * L * L * L < present * present ? 'subsets' : 'table';
  }

  private subsetIndex(): SubsetIndex {
    if (this.subsets) return this.subsets;
    const index = new Map<string, number>();
    const ks: number[] = [];
    const ids: number[] = [];
    const start = new Int32Array(this.sets.length + 1);
    this.sets.forEach((set, v) => {
      const size = set.length;
      for (let mask = 0; mask < 1 << size; mask++) {
        let key = '';
        let k = 0;
        for (let b = 0; b < size; b++) {
          if (mask & (1 << b)) {
            key += `${set[b]},`;
            k++;
          }
        }
        let id = index.get(key);
        if (id === undefined) {
          id = ks.length;
          index.set(key, id);
          ks.push(k);
        }
        ids.push(id);
      }
      start[v + 1] = ids.length;
    });
    this.subsets = { start, subsetIds: Int32Array.from(ids), subsetK: Int32Array.from(ks) };
    return this.subsets;
  }

  /** sum over ordered pairs of values (a, b) of n_a n_b MASI(a, b), for multiplicities `counts[v]`. */
  pairDistanceSum(counts: Float64Array): number {
    const method = this.methodFor(counts);
    if (method === 'direct') return this.directPairSum(counts);
    if (method === 'table') return this.tablePairSum(counts);
    return this.subsetPairSum(counts);
  }

  /** The histogram from binomial moments over shared subsets (see the class comment). */
  private subsetPairSum(counts: Float64Array): number {
    const { start, subsetIds, subsetK } = this.subsetIndex();
    const L = this.maxSize + 1;
    const acc = new Float64Array(subsetK.length * L);
    const touched: number[] = [];
    const seen = new Uint8Array(subsetK.length);
    for (let v = 0; v < counts.length; v++) {
      const c = counts[v]!;
      if (c === 0) continue;
      const s = this.setSize[v]!;
      for (let p = start[v]!; p < start[v + 1]!; p++) {
        const id = subsetIds[p]!;
        if (!seen[id]) {
          seen[id] = 1;
          touched.push(id);
        }
        acc[id * L + s]! += c;
      }
    }
    // moments[k][s][t]
    const moments = new Float64Array(L * L * L);
    for (const id of touched) {
      const k = subsetK[id]!;
      const base = id * L;
      for (let s = k; s < L; s++) {
        const as = acc[base + s]!;
        if (as === 0) continue;
        for (let t = k; t < L; t++) moments[(k * L + s) * L + t]! += as * acc[base + t]!;
      }
    }
    const hist = new Float64Array(L * L * L);
    for (let s = 0; s < L; s++) {
      for (let t = 0; t < L; t++) {
        const top = Math.min(s, t);
        for (let i = 0; i <= top; i++) {
          let h = 0;
          for (let k = i; k <= top; k++) h += ((k - i) % 2 ? -1 : 1) * this.binom[k]![i]! * moments[(k * L + s) * L + t]!;
          hist[(s * L + t) * L + i] = h;
        }
      }
    }
    return weighHistogram(hist, L);
  }

  /** The histogram of pair classes from the tabulated classes of the sets present (see MAX_TABLE_SETS). */
  private tablePairSum(counts: Float64Array): number {
    const L = this.maxSize + 1;
    const V = this.sets.length;
    const cls = (this.pairClass ??= this.buildPairClasses(L));
    const used: number[] = [];
    for (let v = 0; v < counts.length; v++) if (counts[v] !== 0) used.push(v);
    const hist = new Float64Array(L * L * L);
    for (let x = 0; x < used.length; x++) {
      const a = used[x]!;
      const ca = counts[a]!;
      const row = a * V;
      hist[cls[row + a]!]! += ca * ca;
      // Ordered pairs (a, b) and (b, a) fall in mirrored classes (s, t, i) and (t, s, i).
      for (let y = x + 1; y < used.length; y++) {
        const b = used[y]!;
        const cab = ca * counts[b]!;
        hist[cls[row + b]!]! += cab;
        hist[cls[b * V + a]!]! += cab;
      }
    }
    return weighHistogram(hist, L);
  }

  private buildPairClasses(L: number): Uint16Array {
    const V = this.sets.length;
    const cls = new Uint16Array(V * V);
    for (let a = 0; a < V; a++) {
      const A = this.sets[a]!;
      for (let b = a; b < V; b++) {
        const B = this.sets[b]!;
        const i = intersectionSize(A, B);
        cls[a * V + b] = (A.length * L + B.length) * L + i;
        cls[b * V + a] = (B.length * L + A.length) * L + i;
      }
    }
    return cls;
  }

  /** The same sum by comparing every pair of distinct sets (for oversized sets, e.g. a runaway prediction). */
  private directPairSum(counts: Float64Array): number {
    const used: number[] = [];
    counts.forEach((c, v) => c && used.push(v));
    let total = 0;
    for (const a of used) {
      for (const b of used) {
        if (a === b) continue;
        const A = this.sets[a]!;
        const B = this.sets[b]!;
        total += counts[a]! * counts[b]! * masiFromSizes(A.length, B.length, intersectionSize(A, B));
      }
    }
    return total;
  }

  /**
   * Alpha from per-item MASI distances and the items' set ids, each item weighted `w[i]` times (null = once).
   * Undefined when fewer than 2 values or when all values are one set (D_e = 0).
   */
  alpha(itemDistance: Float64Array, goldSet: Int32Array, predSet: Int32Array, w: Int32Array | null, setCount: number): Maybe {
    const counts = new Float64Array(setCount);
    let dSum = 0;
    let items = 0;
    for (let i = 0; i < itemDistance.length; i++) {
      const wi = w ? w[i]! : 1;
      if (wi === 0) continue;
      counts[goldSet[i]!]! += wi;
      counts[predSet[i]!]! += wi;
      dSum += wi * itemDistance[i]!;
      items += wi;
    }
    const n = 2 * items;
    if (n < 2) return undefinedBecause('no items');
    const pairSum = this.pairDistanceSum(counts);
    if (pairSum === 0) return undefinedBecause('no variation: every label set on both sides is the same');
    // D_o = mean item distance; D_e = pairSum / (n (n - 1)).
    return defined(1 - (dSum / items) / (pairSum / (n * (n - 1))));
  }
}

/** |A ∩ B| of two sorted code arrays. */
function intersectionSize(A: Int32Array, B: Int32Array): number {
  let i = 0;
  for (let x = 0, y = 0; x < A.length && y < B.length; ) {
    if (A[x] === B[y]) (i++, x++, y++);
    else if (A[x]! < B[y]!) x++;
    else y++;
  }
  return i;
}

/** sum over classes (s, t, i) of pair count x MASI distance, in one fixed order (so both methods round alike). */
function weighHistogram(hist: Float64Array, L: number): number {
  let total = 0;
  for (let s = 0; s < L; s++) {
    for (let t = 0; t < L; t++) {
      const top = Math.min(s, t);
      for (let i = 0; i <= top; i++) {
        const h = hist[(s * L + t) * L + i]!;
        if (h !== 0) total += h * masiFromSizes(s, t, i);
      }
    }
  }
  return total;
}
