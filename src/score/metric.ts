/**
 * How an undefined metric is represented: the value is `null` and a parallel `<metric>_note` field says why
 * (for example `kappa: null, kappa_note: "chance agreement is 1 ..."`). Never NaN, never a made-up 0 or 1.
 * Inside the stage a metric is a `Maybe`, turned into the two fields when a report is assembled.
 */
export type Maybe = { value: number; reason?: undefined } | { value: null; reason: string };

export const defined = (value: number): Maybe => ({ value });
export const undefinedBecause = (reason: string): Maybe => ({ value: null, reason });

/** `a / b`, or null with `reason` when b is 0. */
export function ratio(a: number, b: number, reason: string): Maybe {
  return b === 0 ? undefinedBecause(reason) : defined(a / b);
}

/** Spread a Maybe into `{[name]: value, [name_note]: reason}` (the note only when undefined). */
export function field(name: string, m: Maybe): Record<string, number | string | null> {
  return m.value === null ? { [name]: null, [`${name}_note`]: m.reason } : { [name]: m.value };
}
