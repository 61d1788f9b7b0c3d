import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration.js';

describe('formatDuration', () => {
  it('clock: m:ss, h:mm:ss past an hour', () => {
    expect(formatDuration(5000, 'clock')).toBe('0:05');
    expect(formatDuration(3_725_000, 'clock')).toBe('1:02:05');
  });

  it('prose: ms below a second, seconds below two minutes, then min and s', () => {
    expect(formatDuration(850, 'prose')).toBe('850 ms');
    expect(formatDuration(12_500, 'prose')).toBe('12.5 s');
    expect(formatDuration(185_000, 'prose')).toBe('3 min 5 s');
  });
});
