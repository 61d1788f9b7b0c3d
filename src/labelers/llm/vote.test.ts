import { describe, expect, it } from 'vitest';
import { voteMulti, voteSingle } from './vote.js';

describe('voteSingle', () => {
  it('takes the majority with its share', () => {
    expect(voteSingle(['debug', 'build', 'debug'], 'build')).toEqual({ tag: 'debug', share: 2 / 3 });
  });
  it('breaks a tie in favour of the original answer, else first seen', () => {
    expect(voteSingle(['learn', 'understand'], 'understand')).toEqual({ tag: 'understand', share: 0.5 });
    expect(voteSingle(['learn', 'understand'], 'build')).toEqual({ tag: 'learn', share: 0.5 });
  });
  it('is null without votes', () => {
    expect(voteSingle([], 'build')).toBeNull();
  });
});

describe('voteMulti', () => {
  it('keeps tags named by a majority of answers, most votes first', () => {
    expect(voteMulti([['b', 'a'], ['a'], ['a', 'c']])).toEqual({ tags: ['a'], share: 1 });
    const v = voteMulti([['a', 'b'], ['b', 'a'], ['c']]);
    expect(v?.tags).toEqual(['a', 'b']);
    expect(v?.share).toBeCloseTo(2 / 3);
  });
  it('keeps the primary first when votes tie', () => {
    expect(voteMulti([['x', 'y'], ['x', 'y'], ['x', 'y']])?.tags).toEqual(['x', 'y']);
  });
  it('falls back to the most voted tags when nothing has a majority', () => {
    expect(voteMulti([['a'], ['b', 'c'], ['c']], {})).toEqual({ tags: ['c'], share: 2 / 3 });
    expect(voteMulti([['a'], ['b'], ['c']], {})?.tags).toEqual(['a', 'b', 'c']);
  });
  it('never keeps none with other tags', () => {
    expect(voteMulti([['none'], ['none'], ['a', 'none']], { noneTag: 'none' })?.tags).toEqual(['none']);
    expect(voteMulti([['a', 'none'], ['a', 'none'], ['a']], { noneTag: 'none' })?.tags).toEqual(['a']);
  });
  it('caps at the dimension maximum and counts a repeated tag once per answer', () => {
    expect(voteMulti([['a', 'b', 'c'], ['a', 'b', 'c']], { max: 2 })?.tags).toEqual(['a', 'b']);
    expect(voteMulti([['a', 'a'], ['b'], ['b']])?.tags).toEqual(['b']);
  });
  it('is null when no answer has tags', () => {
    expect(voteMulti([[], []])).toBeNull();
  });
});
