import type { Signals } from '../preprocess/schema.js';

/** Structural kind of a conversation, from preprocessing signals (computed, never taken from labels). */
export type ConversationKind = 'single-turn' | 'multi-turn' | 'agentic';

/** agentic: any tool interaction (structured or text protocol); multi-turn: more than one human turn; else single-turn. */
export function conversationKind(signals: Pick<Signals, 'has_tool_calls' | 'user_turns'>): ConversationKind {
  if (signals.has_tool_calls) return 'agentic';
  return signals.user_turns > 1 ? 'multi-turn' : 'single-turn';
}
