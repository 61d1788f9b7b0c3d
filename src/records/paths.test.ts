import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { UsageError } from '../errors/index.js';
import { outputFormat, sidecarPaths } from './paths.js';

describe('outputFormat', () => {
  it('picks the format from the extension, case-insensitively', () => {
    expect(outputFormat('a/b.json')).toBe('json');
    expect(outputFormat('a/b.JSONL')).toBe('jsonl');
    expect(outputFormat('b.ndjson')).toBe('jsonl');
  });
  it('refuses other extensions with a UsageError naming the file', () => {
    expect(() => outputFormat('out.csv')).toThrow(UsageError);
    expect(() => outputFormat('out')).toThrow(/out.*\(none\)/);
  });
});

describe('sidecarPaths', () => {
  it('strips the labeled_ prefix', () => {
    expect(sidecarPaths(join('r', 'labeled_x.json'))).toEqual({ stats: join('r', 'stats_x.json'), monitor: join('r', 'monitor_x.jsonl') });
  });
  it('keeps the whole stem without the prefix', () => {
    expect(sidecarPaths('out.jsonl')).toEqual({ stats: 'stats_out.json', monitor: 'monitor_out.jsonl' });
    expect(sidecarPaths('d/labeled_.json').stats).toBe(join('d', 'stats_labeled_.json'));
  });
  it('lets explicit paths win', () => {
    expect(sidecarPaths('labeled_x.json', { stats: 's.json' })).toEqual({ stats: 's.json', monitor: 'monitor_x.jsonl' });
  });
});
