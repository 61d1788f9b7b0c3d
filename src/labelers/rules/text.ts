import type { Conversation } from '../../conversation/index.js';
import type { Signals } from '../../preprocess/index.js';

/** One assistant action (structured tool call or text-protocol action) and what followed it. */
export interface Action {
  name: string;
  args: string;
  /** The tool result / observation that answered it reported an error. */
  failed: boolean;
}

/** The parts of a conversation the rules look at, each capped so huge records stay cheap. */
export interface ConversationText {
  system: string;
  /** The opening human request: decides intent. */
  firstUser: string;
  /** Human-authored user turns (observations of text-based trajectories excluded). */
  humanUsers: string[];
  assistant: string;
  actions: Action[];
  /** Assistant turns without tool calls that end with a question, followed by a user turn. */
  askedUser: boolean;
}

const CAP = 20_000;
const ERROR_RE = /\b(?:error|exception|traceback|failed|failure|not found|denied|fatal)\b|exit code [1-9]/i;
const TEXT_ACTION_RES = [/<execute(?:_(\w+))?[^>]*>([\s\S]*?)<\/execute/g, /<function=([\w.-]+)>([\s\S]*?)<\/function>/g];
const FENCED_SHELL_RE = /```(?:bash|sh|shell|console)\n([\s\S]*?)```/g;

function textActions(content: string, protocols: readonly string[]): Array<{ name: string; args: string }> {
  const out: Array<{ name: string; args: string }> = [];
  for (const re of TEXT_ACTION_RES) for (const m of content.matchAll(re)) out.push({ name: m[1] ?? 'execute', args: m[2] ?? '' });
  if (out.length === 0 && protocols.includes('fenced-shell')) {
    for (const m of content.matchAll(FENCED_SHELL_RE)) out.push({ name: 'bash', args: m[1] ?? '' });
  }
  return out;
}

/** Split a conversation into the texts and actions the rules need. Pure, one pass over the turns. */
export function extractText(conv: Conversation, signals: Signals): ConversationText {
  const observationsInUser = signals.observation_turns > 0;
  const out: ConversationText = { system: '', firstUser: '', humanUsers: [], assistant: '', actions: [], askedUser: false };
  let seenUser = false;
  conv.turns.forEach((turn, i) => {
    const content = turn.content.slice(0, CAP);
    if (turn.role === 'system') out.system += `${content}\n`;
    else if (turn.role === 'user') {
      const isObservation = seenUser && observationsInUser;
      if (!seenUser) out.firstUser = content;
      if (!isObservation) out.humanUsers.push(content);
      else if (out.actions.length && ERROR_RE.test(content.slice(0, 2000))) (out.actions.at(-1) as Action).failed = true;
      seenUser = true;
    } else if (turn.role === 'tool') {
      const last = out.actions.at(-1);
      if (last && ERROR_RE.test(content.slice(0, 2000))) last.failed = true;
    } else {
      if (out.assistant.length < CAP) out.assistant += `${content}\n`;
      const structured = (turn.tool_calls ?? []).map((c) => ({ name: c.name, args: c.arguments.slice(0, 4000) }));
      const acts = structured.length || !signals.has_tool_calls ? structured : textActions(content, signals.action_protocols);
      for (const a of acts) out.actions.push({ ...a, failed: false });
      const next = conv.turns[i + 1];
      if (signals.has_tool_calls && acts.length === 0 && /\?\s*$/.test(content) && next?.role === 'user' && !observationsInUser) out.askedUser = true;
    }
  });
  return out;
}
