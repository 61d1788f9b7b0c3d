import { z } from 'zod';

/**
 * Deterministic preprocessing signals. The first seven are the taxonomy's `signals:` (names must match, the
 * consistency rules refer to them); the rest are extra structure for prompts, rules labeler and monitor.
 */
export const SignalsSchema = z.object({
  has_tool_calls: z.boolean(),
  tool_call_count: z.number().int().nonnegative(),
  has_tool_definitions: z.boolean(),
  user_turns: z.number().int().nonnegative(),
  code_block_count: z.number().int().nonnegative(),
  assistant_code_lines: z.number().int().nonnegative(),
  /** Language tag ids from fence labels (through the language aliases) and confident content guesses. */
  fence_languages: z.array(z.string()),
  /** Extra: counts and sizes. */
  turns: z.number().int().nonnegative(),
  assistant_turns: z.number().int().nonnegative(),
  tool_turns: z.number().int().nonnegative(),
  observation_turns: z.number().int().nonnegative(),
  total_chars: z.number().int().nonnegative(),
  /** Extra: languages guessed from unfenced code content (tag ids), lower confidence than fence_languages. */
  content_languages: z.array(z.string()),
  /** Extra: text-based action protocols found (`execute-tag`, `function-xml`, `fenced-shell`, ...). */
  action_protocols: z.array(z.string()),
  /** Extra: languages of files the assistant created or edited through tool calls (from path extensions). */
  file_languages: z.array(z.string()).optional(),
});
export type Signals = z.infer<typeof SignalsSchema>;
