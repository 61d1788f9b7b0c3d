import type { Signals } from '../../preprocess/index.js';

/** Concepts that make code-producing work at least intermediate (the rule trivial-excludes-advanced-concepts). */
export const ADVANCED_CONCEPTS = new Set([
  'concurrency-threads', 'parallel-computing', 'graphs', 'dynamic-programming', 'transactions-consistency', 'parsers-ast',
  'deep-learning-architectures',
]);
const LEVELS = ['trivial', 'easy', 'intermediate', 'advanced', 'expert'] as const;

/**
 * Difficulty from size, a documented heuristic (the taxonomy asks for the problem's difficulty, which text
 * size only approximates): assistant code lines <= 3 trivial, <= 40 easy, <= 150 intermediate, more advanced;
 * questions without code are easy; tool calls >= 5 / 15 / 40 raise the floor to easy / intermediate / advanced;
 * three or more user turns and advanced concepts in code-producing work raise it to intermediate. Never expert:
 * that needs judgement the rules do not have.
 */
export function decideDifficulty(signals: Signals, opts: { intent: string; concepts: readonly string[] }): string {
  const lines = signals.assistant_code_lines;
  let rank = lines <= 3 ? 0 : lines <= 40 ? 1 : lines <= 150 ? 2 : 3;
  if (rank === 0 && (signals.total_chars > 600 || opts.intent === 'learn' || opts.intent === 'understand')) rank = 1;
  const calls = signals.tool_call_count;
  if (calls >= 40) rank = Math.max(rank, 3);
  else if (calls >= 15) rank = Math.max(rank, 2);
  else if (calls >= 5) rank = Math.max(rank, 1);
  if (signals.user_turns >= 3) rank = Math.max(rank, 2);
  const producing = ['build', 'debug', 'improve', 'convert'].includes(opts.intent);
  if (producing && opts.concepts.some((c) => ADVANCED_CONCEPTS.has(c))) rank = Math.max(rank, 2);
  return LEVELS[rank] as string;
}
