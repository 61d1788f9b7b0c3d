import { CACHE_MODES, type CacheMode } from '../cache/index.js';
import { UsageError } from '../errors/index.js';
import { parseMaxFailed, type MaxFailed } from '../records/index.js';

/**
 * Flag parsers shared by the commands: each turns a flag's text into a value or throws a UsageError (exit 2) that
 * names the flag, what it got and what it expected.
 */

/** A whole number >= `min` (digits only: `1e3`, `2.0` and `-1` are refused). */
export function intFlag(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} ${text}: expected a whole number >= ${min}`);
  return n;
}

/** `intFlag` for an optional flag: undefined stays undefined. */
export function optionalIntFlag(flag: string, text: string | undefined, min: number): number | undefined {
  return text === undefined ? undefined : intFlag(flag, text, min);
}

/** A number from `min` to `max` (inclusive). */
export function numberFlag(flag: string, text: string, range: { min: number; max?: number }): number {
  const n = Number(text);
  const { min, max } = range;
  if (!text.trim() || !Number.isFinite(n) || n < min || (max !== undefined && n > max)) {
    throw new UsageError(`${flag} ${text}: expected a number ${max === undefined ? `>= ${min}` : `from ${min} to ${max}`}`);
  }
  return n;
}

/** A number from 0 to 1 (a threshold, a rate). */
export function fractionFlag(flag: string, text: string): number {
  return numberFlag(flag, text, { min: 0, max: 1 });
}

/** Seconds (decimals allowed, > 0) -> milliseconds. */
export function secondsFlag(flag: string, text: string): number {
  const n = Number(text);
  if (!text.trim() || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} ${text}: expected a number of seconds > 0`);
  return Math.round(n * 1000);
}

/** One of `choices`. */
/** `--max-failed`: a count of records (`25`) or a fraction (`0.05`, `5%`). */
export function maxFailedFlag(flag: string, text: string): MaxFailed {
  const m = parseMaxFailed(text);
  if (!m) throw new UsageError(`${flag} "${text}": expected a count of records (25) or a fraction (0.05 or 5%)`);
  return m;
}

export function choiceFlag<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`${flag} ${text}: expected one of ${choices.join(', ')}`);
  return text as T;
}

/** `--cache MODE` (with `--cache-only` meaning read-only). */
export function cacheModeFlag(flags: { cache?: string; cacheOnly?: boolean }): CacheMode {
  return flags.cacheOnly ? 'read-only' : choiceFlag('--cache', flags.cache ?? 'read-write', CACHE_MODES);
}
