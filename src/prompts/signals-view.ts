import type { Signals } from '../preprocess/index.js';

/** The preprocessing signals shown to call 2, in this order (the consistency rules refer to them). */
export const HINT_SIGNALS = ['has_tool_calls', 'tool_call_count', 'has_tool_definitions', 'user_turns', 'code_block_count', 'assistant_code_lines', 'fence_languages'] as const;

/**
 * Signals as `{name, value}` pairs for a template. Values are counts, booleans and taxonomy language ids computed by
 * preprocessing, never sample text, so they need no escaping.
 */
export function signalsView(signals: Signals | undefined): { name: string; value: string }[] {
  if (!signals) return [];
  return HINT_SIGNALS.map((name) => {
    const v = signals[name];
    return { name, value: Array.isArray(v) ? (v.length ? v.join(', ') : '(none)') : String(v) };
  });
}
