import { describe, expect, it } from 'vitest';
import { formatRunLine } from './progress.js';
import { percentile } from './config-stats.js';

describe('percentile', () => {
  it('is the nearest-rank value, null for no values', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 0.95)).toBe(5);
    expect(percentile([7], 0.95)).toBe(7);
  });
});

describe('formatRunLine', () => {
  it('shows done/total, failures, elapsed, ETA and cost so far', () => {
    const line = formatRunLine({ config: 'deepseek-v3.2__v1', total: 100, resumed: 5, done: 25, failed: 2, costUsd: 0.01234 }, 20, 10_000);
    expect(line).toMatch(/^deepseek-v3\.2__v1\s+25\/100\s+25%\s+\(5 resumed\)\s+2 failed\s+0:10 elapsed\s+ETA 0:30\s+\$0\.0123$/);
    expect(formatRunLine({ config: 'rules', total: 3, resumed: 0, done: 3, failed: 0, costUsd: 0 }, 5, 500)).toMatch(/done/);
  });
});
