import type { Signals } from '../../preprocess/index.js';
import type { Labels, Taxonomy } from '../../taxonomy/index.js';

/** Keep a multi dimension within its pool and max, dedupe, and fall back to `none` (or `fallback`) when empty. */
function fit(tax: Taxonomy, dimension: string, tags: readonly string[], fallback?: string): string[] {
  const dim = tax.byId.get(dimension);
  const pool = tax.tagsByDim.get(dimension);
  if (!dim || !pool) return [...tags];
  const kept = [...new Set(tags)].filter((t) => pool.has(t) && t !== dim.none_tag).slice(0, dim.max);
  if (kept.length) return kept;
  return [fallback ?? dim.none_tag ?? (dim.tags[0]?.id as string)];
}

/** Task ids whose typical_intents include the intent; the first is the safest default. */
function compatibleTasks(tax: Taxonomy, intent: string, tasks: readonly string[]): string[] {
  const pool = tax.tagsByDim.get('task');
  const ok = tasks.filter((t) => pool?.get(t)?.typical_intents?.includes(intent));
  if (ok.length) return tasks.filter((t) => pool?.has(t));
  const first = [...(pool?.values() ?? [])].find((t) => t.typical_intents?.includes(intent) && t.id !== 'other');
  return [first?.id ?? 'other'];
}

/**
 * Force a draft label set to satisfy every error-severity rule, and the cheap warnings, by construction:
 * pools and maxima, none exclusivity, agentic none exactly when no tool calls, tool-definitions iff declared,
 * repository-access only with tool calls, multi-turn-dependency only with two or more user turns, every fenced
 * language tagged, a task that pairs with the intent.
 */
export function repairLabels(draft: Record<string, string | string[]>, tax: Taxonomy, signals: Signals): Labels {
  const list = (d: string): string[] => {
    const v = draft[d];
    return v === undefined ? [] : typeof v === 'string' ? [v] : v;
  };
  const intent = typeof draft['intent'] === 'string' && tax.tagsByDim.get('intent')?.has(draft['intent']) ? draft['intent'] : 'learn';
  const single = (d: string, dflt: string): string => {
    const v = draft[d];
    return typeof v === 'string' && tax.tagsByDim.get(d)?.has(v) ? v : dflt;
  };
  const languages = [...new Set([...signals.fence_languages, ...list('language')])];
  const agentic = signals.has_tool_calls
    ? fit(tax, 'agentic', list('agentic'), signals.action_protocols.length ? 'shell-execution' : 'custom-function-calls')
    : ['none'];
  const context = list('context').filter((t) => {
    if (t === 'multi-turn-dependency') return signals.user_turns >= 2;
    if (t === 'repository-access') return signals.has_tool_calls;
    return t !== 'tool-definitions';
  });
  if (signals.has_tool_definitions) context.push('tool-definitions');
  return {
    intent,
    language: fit(tax, 'language', languages),
    domain: single('domain', 'general-programming'),
    task: compatibleTasks(tax, intent, fit(tax, 'task', list('task'), 'other')).slice(0, 2),
    difficulty: single('difficulty', 'easy'),
    concept: fit(tax, 'concept', list('concept')),
    agentic,
    constraint: fit(tax, 'constraint', list('constraint')),
    context: fit(tax, 'context', context),
  };
}
