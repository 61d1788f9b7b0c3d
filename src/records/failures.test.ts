import { describe, expect, it } from 'vitest';
import { FailureReasons, failedVerdict, failureReasonKey, parseMaxFailed } from './failures.js';

describe('--max-failed and the failed verdict', () => {
  it('parses counts and fractions, refuses the rest', () => {
    expect(parseMaxFailed('25')).toEqual({ kind: 'count', value: 25 });
    expect(parseMaxFailed('0')).toEqual({ kind: 'count', value: 0 });
    expect(parseMaxFailed('0.05')).toEqual({ kind: 'fraction', value: 0.05 });
    expect(parseMaxFailed('.5')).toEqual({ kind: 'fraction', value: 0.5 });
    expect(parseMaxFailed('5%')).toEqual({ kind: 'fraction', value: 0.05 });
    for (const bad of ['lots', '-1', '1.5', '150%', '']) expect(parseMaxFailed(bad), bad).toBeNull();
  });
  it('nothing labeled always fails; otherwise strictly above the bound', () => {
    expect(failedVerdict({ labeled: 0, failed: 0 })).toBeNull();
    expect(failedVerdict({ labeled: 0, failed: 1 })).toBe('nothing was labeled: all 1 record(s) failed');
    // 10 of 100 = 10%: not above the default 10%; 11 of 100 is.
    expect(failedVerdict({ labeled: 90, failed: 10 })).toBeNull();
    expect(failedVerdict({ labeled: 89, failed: 11 })).toBe('11 of 100 record(s) failed (11%), more than --max-failed 10%');
    expect(failedVerdict({ labeled: 97, failed: 3 }, { kind: 'count', value: 2 })).toMatch(/3 of 100 .* --max-failed 2$/);
    expect(failedVerdict({ labeled: 98, failed: 2 }, { kind: 'count', value: 2 })).toBeNull();
    expect(failedVerdict({ labeled: 1, failed: 1 }, { kind: 'count', value: 0 })).not.toBeNull();
  });
});

describe('failure reasons', () => {
  it('one reason per cause: record ids, attempt counts and durations taken out', () => {
    expect(failureReasonKey('call1: HTTP 401: bad key (after 1 attempt(s))', 'r7')).toBe('call1: HTTP 401: bad key');
    expect(failureReasonKey('labeler x threw on record r7: boom', 'r7')).toBe('labeler x threw on record <id>: boom');
    expect(failureReasonKey('call2: no complete answer within 180000 ms (after 4 attempt(s))')).toBe('call2: no complete answer within N ms');
    const r = new FailureReasons(2);
    for (let i = 0; i < 3; i++) r.add(`call1: HTTP 401: bad key (after ${i + 1} attempt(s))`, `r${i}`);
    r.add('call1: HTTP 500: oops');
    r.add('call2: something else');
    expect(r.top(5)).toEqual([
      { reason: 'call1: HTTP 401: bad key', count: 3 },
      { reason: 'call1: HTTP 500: oops', count: 1 },
      { reason: 'other reasons', count: 1 },
    ]);
  });
});
