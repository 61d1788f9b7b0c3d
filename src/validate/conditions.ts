import { tagsOf, type Condition, type Labels } from '../taxonomy/index.js';

/** Signal values by id, as far as preprocessing provided them. */
export type SignalValues = Readonly<Record<string, unknown>>;

/** Every signal a condition refers to (used to skip rules whose signals are missing). */
export function signalsOf(cond: Condition): string[] {
  if ('all' in cond) return cond.all.flatMap(signalsOf);
  if ('any' in cond) return cond.any.flatMap(signalsOf);
  if ('not' in cond) return signalsOf(cond.not);
  if ('signal' in cond) return [cond.signal];
  return [];
}

/** Every dimension a condition refers to (for violation messages). */
export function dimensionsOf(cond: Condition): string[] {
  if ('all' in cond) return cond.all.flatMap(dimensionsOf);
  if ('any' in cond) return cond.any.flatMap(dimensionsOf);
  if ('not' in cond) return dimensionsOf(cond.not);
  if ('dimension' in cond) return [cond.dimension];
  return [];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Evaluate one condition of the YAML's rule grammar. A signal the caller did not provide compares false; callers
 * skip rules with missing signals before evaluating (see `evaluateRules`). Pure.
 */
export function evaluateCondition(cond: Condition, labels: Labels, signals: SignalValues): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluateCondition(c, labels, signals));
  if ('any' in cond) return cond.any.some((c) => evaluateCondition(c, labels, signals));
  if ('not' in cond) return !evaluateCondition(cond.not, labels, signals);
  if ('signal' in cond) {
    const v = signals[cond.signal];
    if ('equals' in cond) return sameValue(v, cond.equals);
    if (typeof v !== 'number') return false;
    return 'gte' in cond ? v >= cond.gte : v <= cond.lte;
  }
  const tags = tagsOf(labels, cond.dimension);
  if ('any_of' in cond) return tags.some((t) => cond.any_of.includes(t));
  if ('none_of' in cond) return !tags.some((t) => cond.none_of.includes(t));
  if ('has_other_than' in cond) return tags.some((t) => !cond.has_other_than.includes(t));
  return tags.length >= cond.count_gte;
}
