import { toConversation } from '../conversation/index.js';

/** Longest excerpt shown per sample; the explorer is for recognising a sample, not reading it. */
export const EXCERPT_CHARS = 600;

/**
 * A short plain-text excerpt of a gold record: the first user turn, then the start of the first answer. Any input
 * variant the reader knows is accepted; a record it cannot read gives a note instead of failing the report.
 */
export function conversationExcerpt(record: unknown, maxChars = EXCERPT_CHARS): string {
  let turns: Array<{ role: string; content: string }>;
  try {
    turns = toConversation(record, { index: 0 }).turns;
  } catch (err) {
    return `(conversation not readable: ${(err as Error).message})`;
  }
  const user = turns.find((t) => t.role === 'user');
  const answer = turns.find((t) => t.role === 'assistant' && t.content.trim() !== '');
  const parts = [user ? `user: ${squeeze(user.content)}` : '', answer ? `assistant: ${squeeze(answer.content)}` : ''].filter(Boolean);
  return truncate(parts.join('\n'), maxChars);
}

function squeeze(text: string): string {
  return text.replace(/\n{3,}/g, '\n\n').trim();
}

export function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}
