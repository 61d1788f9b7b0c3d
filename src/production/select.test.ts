import { describe, expect, it } from 'vitest';
import type { ReadItem } from '../conversation/index.js';
import { UsageError } from '../errors/index.js';
import { parseShard, selectItems, shardOf, shuffleKey } from './select.js';

function items(n: number): ReadItem[] {
  return Array.from({ length: n }, (_, index): ReadItem =>
    index % 7 === 3
      ? { ok: false, index, reason: 'bad' }
      : { ok: true, index, record: {}, conversation: { id: `r${index}`, format: 'openai', turns: [], tools: [] } },
  );
}
async function* from<T>(xs: T[]): AsyncGenerator<T> {
  yield* xs;
}
async function indices(it: AsyncIterable<ReadItem>): Promise<number[]> {
  const out: number[] = [];
  for await (const x of it) out.push(x.index);
  return out;
}

describe('parseShard', () => {
  it('parses K/N', () => expect(parseShard('2/8')).toEqual({ k: 2, n: 8 }));
  it.each(['0/3', '4/3', '1', 'a/b', '1/0'])('refuses %s', (s) => expect(() => parseShard(s)).toThrow(UsageError));
});

describe('shardOf', () => {
  it('spreads records over every shard', () => {
    const counts = [0, 0, 0, 0];
    for (const it of items(400)) counts[shardOf(it, 4) - 1]!++;
    for (const c of counts) expect(c).toBeGreaterThan(60);
  });
});

describe('selectItems', () => {
  it('passes everything through by default and stops at --limit', async () => {
    expect(await indices(selectItems(from(items(5)), {}))).toEqual([0, 1, 2, 3, 4]);
    expect(await indices(selectItems(from(items(50)), { limit: 3 }))).toEqual([0, 1, 2]);
    expect(await indices(selectItems(from(items(5)), { limit: 0 }))).toEqual([]);
  });
  it('shuffles deterministically per seed, and a limited shuffle is a prefix of the full one', async () => {
    const a = await indices(selectItems(from(items(200)), { shuffle: true, seed: 7 }));
    const b = await indices(selectItems(from(items(200)), { shuffle: true, seed: 7 }));
    const c = await indices(selectItems(from(items(200)), { shuffle: true, seed: 8 }));
    const limited = await indices(selectItems(from(items(200)), { shuffle: true, seed: 7, limit: 20 }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(a).not.toEqual([...a].sort((x, y) => x - y));
    expect(limited).toEqual(a.slice(0, 20));
  });
  it('splits into disjoint shards that together are the whole input', async () => {
    const all = new Set<number>();
    let total = 0;
    for (let k = 1; k <= 3; k++) {
      const part = await indices(selectItems(from(items(100)), { shard: { k, n: 3 } }));
      total += part.length;
      part.forEach((i) => all.add(i));
    }
    expect(total).toBe(100);
    expect(all.size).toBe(100);
  });
});

describe('shuffleKey', () => {
  it('is a pure function of seed and index', () => {
    expect(shuffleKey(1, 5)).toBe(shuffleKey(1, 5));
    expect(shuffleKey(1, 5)).not.toBe(shuffleKey(2, 5));
    expect(shuffleKey(1, 5)).toBeLessThan(2 ** 53);
  });
});
