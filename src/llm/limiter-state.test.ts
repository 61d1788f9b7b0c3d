import { describe, expect, it } from 'vitest';
import { initialLimiterState, limiterPolicy, nextLimiterState, type LimiterState } from './limiter-state.js';

const policy = limiterPolicy(50);
const success = (s: LimiterState, inFlight = Math.floor(s.limit)) => nextLimiterState(s, { kind: 'success', inFlight }, policy);
const refused = (s: LimiterState, inFlight: number, startedEpoch = s.epoch) => nextLimiterState(s, { kind: 'overload', inFlight, startedEpoch }, policy);

describe('limiterPolicy', () => {
  it('starts at 8 (or max when lower) and keeps overrides', () => {
    expect(initialLimiterState(limiterPolicy(50))).toEqual({ limit: 8, epoch: 0, ceiling: null, credit: 0, probeRounds: 2 });
    expect(initialLimiterState(limiterPolicy(3)).limit).toBe(3);
    expect(limiterPolicy(10, { decrease: 0.7 })).toMatchObject({ max: 10, decrease: 0.7, min: 1 });
  });
});

describe('nextLimiterState', () => {
  it('slow start: doubles per round of successes while the limit is used, never above max', () => {
    let s = initialLimiterState(policy);
    for (let i = 0; i < 8; i++) s = success(s, 8);
    expect(s.limit).toBe(16);
    expect(success(s, 2)).toBe(s); // 2 in flight of 16: an idle client does not build up a burst
    for (let i = 0; i < 100; i++) s = success(s);
    expect(s.limit).toBe(50);
  });

  it('the first refusal sets the ceiling to what the server took; later refusals of the burst only lower it', () => {
    let s = { ...initialLimiterState(policy), limit: 16 };
    s = refused(s, 13);
    expect(s).toMatchObject({ limit: 12, ceiling: 12, epoch: 1 });
    s = refused(s, 11, 0); // same burst, sent before the cut, arriving later: the server took 10
    expect(s).toMatchObject({ limit: 10, ceiling: 10, epoch: 1 });
    expect(refused(s, 15, 0)).toBe(s);
  });

  it('probes one above the ceiling after probeRounds full rounds; a failed probe returns to it and waits twice as long', () => {
    let s: LimiterState = { limit: 10, epoch: 1, ceiling: 10, credit: 0, probeRounds: 2 };
    for (let i = 0; i < 19; i++) s = success(s, 10);
    expect(s.limit).toBe(10);
    s = success(s, 10);
    expect(s).toMatchObject({ limit: 11, credit: 0 });
    s = refused(s, 11);
    expect(s).toMatchObject({ limit: 10, ceiling: 10, probeRounds: 4, epoch: 2 });
    for (let i = 0; i < 39; i++) s = success(s, 10);
    expect(s.limit).toBe(10);
    expect(nextLimiterState(s, { kind: 'success', inFlight: 10, queued: 9 }, policy).limit).toBe(10); // the tail of a run: no probe
    expect(success(s, 10).limit).toBe(11);
  });

  it('a probe level held for a whole round becomes the ceiling and the next probe comes sooner', () => {
    let s: LimiterState = { limit: 11, epoch: 1, ceiling: 10, credit: 0, probeRounds: 4 };
    s = success(s, 10); // not a test of the level above
    expect(s.credit).toBe(0);
    for (let i = 0; i < 10; i++) s = success(s, 11);
    expect(s).toMatchObject({ ceiling: 10, credit: 10 }); // one success above may be a race
    s = success(s, 11);
    expect(s).toMatchObject({ ceiling: 11, probeRounds: 2, limit: 11, credit: 0 });
  });

  it('a refusal right at the ceiling lowers it by one, without a cut', () => {
    const s: LimiterState = { limit: 11, epoch: 1, ceiling: 11, credit: 30, probeRounds: 2 };
    expect(refused(s, 11)).toMatchObject({ limit: 10, ceiling: 10, epoch: 2 });
  });

  it('a refusal below the ceiling (capacity shrank) cuts by decrease and regains one per success up to it', () => {
    let s: LimiterState = { limit: 10, epoch: 3, ceiling: 10, credit: 12, probeRounds: 2 };
    s = refused(s, 9);
    expect(s).toMatchObject({ limit: 5, ceiling: 8, epoch: 4, credit: 0 });
    s = success(s, 5);
    expect(s.limit).toBe(6);
    for (let i = 0; i < 10; i++) s = success(s);
    expect(s.limit).toBe(8);
    for (let i = 0; i < 5; i++) s = refused(s, 1, s.epoch);
    expect(s.limit).toBe(1); // never below min
  });

  it('against a server taking 10 at once, a greedy client settles at 10 with few refusals', () => {
    // One round: the client fills its limit; requests beyond 10 are refused, the rest succeed.
    let s = initialLimiterState(policy);
    let refusals = 0;
    let served = 0;
    for (let round = 0; round < 40; round++) {
      const sent = Math.floor(s.limit);
      const epoch = s.epoch;
      for (let i = 1; i <= sent; i++) {
        if (i > 10) {
          refusals++;
          s = refused(s, i, epoch);
        }
      }
      for (let i = 1; i <= Math.min(sent, 10); i++) s = success(s, Math.min(sent, 10));
      served += Math.min(sent, 10);
    }
    expect(s.ceiling).toBe(10);
    expect(served).toBeGreaterThanOrEqual(0.95 * 400);
    expect(refusals / (served + refusals)).toBeLessThan(0.03);
  });
});
