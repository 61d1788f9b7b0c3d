import type { Signals } from '../../preprocess/index.js';
import type { Labels } from '../../taxonomy/index.js';

/** A consistent label set for a single-turn Python build request: no rule fires on it with `BASE_SIGNALS`. */
export const BASE_LABELS: Labels = {
  intent: 'build',
  language: ['python'],
  domain: 'general-programming',
  task: ['code-generation'],
  difficulty: 'easy',
  concept: ['strings-text-processing'],
  agentic: ['none'],
  constraint: ['none'],
  context: ['none'],
};

export const BASE_SIGNALS: Signals = {
  has_tool_calls: false,
  tool_call_count: 0,
  has_tool_definitions: false,
  user_turns: 1,
  code_block_count: 1,
  assistant_code_lines: 12,
  fence_languages: ['python'],
  turns: 2,
  assistant_turns: 1,
  tool_turns: 0,
  observation_turns: 0,
  total_chars: 800,
  content_languages: [],
  action_protocols: [],
};

/** BASE_LABELS with some dimensions replaced. */
export function withLabels(patch: Labels): Labels {
  return { ...BASE_LABELS, ...patch };
}
