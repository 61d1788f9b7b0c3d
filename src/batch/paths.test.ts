import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchStatePath } from './paths.js';

describe('batchStatePath', () => {
  it('names the state file after the output, like stats_ and monitor_', () => {
    expect(batchStatePath(join('out', 'labeled_june.jsonl'))).toBe(join('out', 'batch_june.state.json'));
    expect(batchStatePath('x.json')).toBe('batch_x.state.json');
  });
});
