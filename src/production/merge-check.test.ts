import { describe, expect, it } from 'vitest';
import type { LabelStats } from '../records/index.js';
import { shardSetProblems, type ShardEntry } from './merge-check.js';

const entry = (output: string, shard: string | null, more: { complete?: boolean; limit?: number | null } = {}): ShardEntry => ({
  output,
  statsPath: `stats_${output}`,
  stats: { complete: more.complete ?? true, selection: { shard, limit: more.limit ?? null } } as unknown as LabelStats,
});

describe('shardSetProblems', () => {
  it('complete sets: all K of N, or one unsharded output', () => {
    expect(shardSetProblems([entry('a', '1/3'), entry('b', '3/3'), entry('c', '2/3')])).toEqual([]);
    expect(shardSetProblems([entry('all', null)])).toEqual([]);
  });
  it('names missing, duplicated, unfinished, limited, mismatched and statless shards', () => {
    expect(shardSetProblems([entry('a', '1/4'), entry('c', '3/4')])).toEqual(['shard(s) 2/4, 4/4 missing: 2 of 4 given']);
    expect(shardSetProblems([entry('a', '1/2'), entry('b', '1/2')])).toEqual(['shard 1/2 is named twice: a and b', 'shard(s) 2/2 missing: 1 of 2 given']);
    expect(shardSetProblems([entry('a', '1/2', { complete: false }), entry('b', '2/2', { limit: 5 })])).toEqual([
      'a: not finished (its stats say complete: false: interrupted, crashed or still running); run its label command again',
      'b: labeled with --limit 5, only part of its shard',
    ]);
    expect(shardSetProblems([entry('a', '1/2'), entry('b', '2/3')])[0]).toMatch(/different numbers of parts: N=2, N=3/);
    expect(shardSetProblems([{ output: 'x', statsPath: 'stats_x.json', stats: null }, entry('b', null)])).toEqual([
      'x: no stats file (stats_x.json), so which shard it is and whether it finished is unknown',
      'b: labeled without --shard, so it is not one part of a shard set',
    ]);
  });
});
