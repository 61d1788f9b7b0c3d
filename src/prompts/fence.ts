import type { Conversation, Turn } from '../conversation/index.js';

/**
 * The data fence of prompt v3 (issue 15): every structural line of the sample block — the block's own open and
 * close lines, turn headers, tool-call headers, the declared-tools header — is written between the lenticular
 * brackets U+3010 / U+3011 (`【 】`), and every piece of sample text (content, tool names, tool-call names and
 * arguments, declared tools, the system prompt) goes through `escapeSampleText`, which rewrites those brackets and
 * their look-alikes to `[ ]`. So no sample can close the block, open a second one or forge a turn header, whatever it
 * contains: the delimiters are unforgeable by construction, not by guessing what an attacker might write.
 * Why these brackets: code never needs them (in Chinese prose they are decoration, and `[ ]` keeps the meaning), and
 * each is one token in o200k and in DeepSeek's vocabulary, so a header costs what v2's `### assistant` did (the
 * mathematical white brackets `⟦ ⟧` cost three tokens each: ~300 more uncached tokens per agent trajectory).
 */
export const FENCE = {
  open: '【sample】',
  close: '【/sample】',
} as const;

/** Bracket characters that mark structure, and look-alikes a model might read as the same. */
const BRACKETS: Record<string, string> = { '【': '[', '】': ']', '〖': '[', '〗': ']', '〘': '[', '〙': ']', '〚': '[', '〛': ']', '⟦': '[', '⟧': ']' };
const BRACKET_RE = /[【】〖〗〘〙〚〛⟦⟧]/g;

/** Sample text made safe to place inside the fence: structural brackets and look-alikes become plain `[` / `]`. */
export function escapeSampleText(text: string): string {
  return text.replace(BRACKET_RE, (c) => BRACKETS[c] ?? c);
}

/** A name (tool, function) for a header line: escaped, and on one line (a newline in it cannot start a new line). */
function headerName(name: string): string {
  return escapeSampleText(name).replace(/\s+/g, ' ').trim();
}

/** One turn inside the fence: a `【role】` header line, then the escaped content and tool calls. */
export function renderFencedTurn(turn: Turn): string {
  const head = turn.role === 'tool' ? `【tool result${turn.name ? `: ${headerName(turn.name)}` : ''}】` : `【${turn.role}】`;
  const parts = [head];
  if (turn.content) parts.push(escapeSampleText(turn.content));
  for (const call of turn.tool_calls ?? []) parts.push(`【tool call: ${headerName(call.name)}】`, escapeSampleText(call.arguments));
  return parts.join('\n');
}

/**
 * The declared tools as one block shown first (none when the sample declares none): their names only. Whether
 * tools are declared, and which, is what the labels depend on (Context tool-definitions, Agentic
 * custom-function-calls); full schemas would add about a thousand uncached tokens to every agent trajectory.
 */
export function renderToolDefinitions(conv: Conversation): string[] {
  if (conv.tools.length === 0) return [];
  return [`【declared tools】\n${conv.tools.map((t) => headerName(toolName(t))).join(', ')}`];
}

/** The name of a declared tool in the shapes datasets use (`{type, function: {name}}`, `{name}`), else its JSON. */
function toolName(tool: unknown): string {
  if (tool && typeof tool === 'object') {
    const t = tool as { name?: unknown; function?: { name?: unknown } };
    if (typeof t.function?.name === 'string') return t.function.name;
    if (typeof t.name === 'string') return t.name;
    if (typeof (t as { type?: unknown }).type === 'string') return (t as { type: string }).type;
  }
  return JSON.stringify(tool) ?? String(tool);
}

/** The fitted sample text between the fence lines. */
export function fenceSample(fittedText: string): string {
  return `${FENCE.open}\n${fittedText}\n${FENCE.close}`;
}
