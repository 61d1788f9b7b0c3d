import { sha256Hex, type ReadItem } from '../conversation/index.js';
import { UsageError } from '../errors/index.js';

/** Which input records a run labels. Applied in this order: shard, then shuffle/limit. */
export interface SelectOptions {
  /** Keep at most this many records (bad records count: they are inputs too). */
  limit?: number;
  /**
   * Label in a seeded random order. With `limit`, a constant-memory selection of the `limit` records with the
   * smallest seeded keys (a bounded heap); without `limit` every record is held in memory to be reordered.
   */
  shuffle?: boolean;
  /** Seed of the shuffle; the same seed picks the same records in the same order. Default 0. */
  seed?: number;
  /** This machine's part of the dataset: records whose id hashes to shard k of n (1-based). */
  shard?: Shard;
}

export interface Shard {
  k: number;
  n: number;
}

/** Parse `--shard K/N` (1 <= K <= N). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || k < 1 || k > n) throw new UsageError(`--shard "${text}": expected K/N with 1 <= K <= N, e.g. 2/8`);
  return { k, n };
}

/**
 * The shard (1..n) an item belongs to: a stable hash of its record id, so every machine agrees without
 * coordination and whatever the input order. A bad record without an id is placed by its index.
 */
export function shardOf(item: ReadItem, n: number): number {
  const key = item.ok ? item.conversation.id : (item.id ?? `#index:${item.index}`);
  return (parseInt(sha256Hex(key).slice(0, 8), 16) % n) + 1;
}

/** Apply shard, shuffle and limit to a stream of read items. */
export async function* selectItems(source: AsyncIterable<ReadItem>, options: SelectOptions): AsyncGenerator<ReadItem> {
  const { shard, limit, shuffle } = options;
  const sharded = shard ? filter(source, (it) => shardOf(it, shard.n) === shard.k) : source;
  if (shuffle) return yield* shuffled(sharded, options.seed ?? 0, limit);
  if (limit === undefined) return yield* sharded;
  if (limit <= 0) return;
  let n = 0;
  for await (const it of sharded) {
    yield it;
    if (++n >= limit) return;
  }
}

async function* filter<T>(source: AsyncIterable<T>, keep: (x: T) => boolean): AsyncGenerator<T> {
  for await (const x of source) if (keep(x)) yield x;
}

async function* shuffled(source: AsyncIterable<ReadItem>, seed: number, limit: number | undefined): AsyncGenerator<ReadItem> {
  const cap = limit ?? Infinity;
  if (cap <= 0) return;
  // Max-heap on key, so the largest of the kept keys is dropped first: keeps the `cap` smallest.
  const heap: Array<{ key: number; item: ReadItem }> = [];
  for await (const item of source) {
    const entry = { key: shuffleKey(seed, item.index), item };
    if (heap.length < cap) heapPush(heap, entry);
    else if (heap[0] !== undefined && entry.key < heap[0].key) heapReplaceTop(heap, entry);
  }
  heap.sort((a, b) => a.key - b.key || a.item.index - b.item.index);
  for (const e of heap) yield e.item;
}

/**
 * A seeded pseudo-random key in [0, 2^53) for a record index (two rounds of a 32-bit integer finaliser). Sorting
 * by it is a seeded permutation; reading it per record needs no state, so selection is independent of batch sizes.
 */
export function shuffleKey(seed: number, index: number): number {
  const s = mix32(seed >>> 0 ^ 0x9e3779b9);
  const hi = mix32(s ^ mix32(index >>> 0) ^ Math.floor(index / 2 ** 32));
  const lo = mix32(hi ^ s ^ 0x85ebca6b);
  return hi * 2 ** 21 + (lo >>> 11);
}

function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

type Entry = { key: number; item: ReadItem };
const before = (a: Entry, b: Entry): boolean => a.key > b.key || (a.key === b.key && a.item.index > b.item.index);

function heapPush(h: Entry[], e: Entry): void {
  h.push(e);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(h[i]!, h[p]!)) break;
    [h[i], h[p]] = [h[p]!, h[i]!];
    i = p;
  }
}

function heapReplaceTop(h: Entry[], e: Entry): void {
  h[0] = e;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && before(h[l]!, h[m]!)) m = l;
    if (r < h.length && before(h[r]!, h[m]!)) m = r;
    if (m === i) return;
    [h[i], h[m]] = [h[m]!, h[i]!];
    i = m;
  }
}
