import { describe, expect, it } from 'vitest';
import { CacheMissError, ConfigError, EXIT, exitCodeFor, GateFailedError, InputError, isSftLabelError, LlmHttpError, RunIncompleteError, UsageError } from './index.js';

describe('exitCodeFor', () => {
  it('maps each error class to the exit code of the CLI contract', () => {
    expect(exitCodeFor(new UsageError('u'))).toBe(EXIT.usage);
    expect(exitCodeFor(new ConfigError('c'))).toBe(EXIT.usage);
    expect(exitCodeFor(new InputError('i'))).toBe(EXIT.usage);
    expect(exitCodeFor(new GateFailedError('g', []))).toBe(EXIT.gateFailed);
    expect(exitCodeFor(new CacheMissError('m', ['k']))).toBe(EXIT.runtime);
    expect(exitCodeFor(new LlmHttpError('h', 500, undefined))).toBe(EXIT.runtime);
    expect(exitCodeFor(new Error('plain'))).toBe(EXIT.runtime);
  });

  it('an incomplete run is its own kind, not an HTTP error, and exits 1', () => {
    const err = new RunIncompleteError('2 sample(s) got no answer', ['c a-1: HTTP 401', 'c a-2: HTTP 401']);
    expect(isSftLabelError(err)).toBe(true);
    expect(err).not.toBeInstanceOf(LlmHttpError);
    expect(err.kind).toBe('run-incomplete');
    expect(err.name).toBe('RunIncompleteError');
    expect(err.failures).toHaveLength(2);
    expect(exitCodeFor(err)).toBe(EXIT.runtime);
  });
});
