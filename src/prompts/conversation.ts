import { createRequire } from 'node:module';
import type { Conversation, Turn } from '../conversation/index.js';
import type { LabelIssues } from '../labelers/monitor.js';

export type Truncation = NonNullable<LabelIssues['truncation']>;

/** Default token budget of the conversation text in a prompt (o200k tokens). */
export const DEFAULT_TOKEN_BUDGET = 24_000;

export interface FitOptions {
  /** Largest conversation text, in tokens (gpt-tokenizer o200k_base); default DEFAULT_TOKEN_BUDGET. */
  tokenBudget?: number;
  /** How one turn becomes prompt text; default renderTurn (v1/v2's `### role` layout). */
  renderTurn?: (turn: Turn) => string;
  /**
   * Blocks shown before the first turn (v3: the declared tool definitions). They belong to the kept head, like the
   * turns up to the first user turn, and count against the budget. Default none.
   */
  prelude?: readonly string[];
}

export interface FittedConversation {
  text: string;
  /**
   * o200k tokens of `text`; when the text was short enough that counting was not needed, its UTF-8 byte length,
   * which is an upper bound (a byte-level BPE token covers at least one byte).
   */
  tokens: number;
  /** Null when the whole conversation fitted. */
  truncation: Truncation | null;
}

const SEP = '\n\n';

type Tokenizer = Pick<typeof import('gpt-tokenizer'), 'countTokens' | 'encode' | 'decode'>;
const requireCjs = createRequire(import.meta.url);
/**
 * gpt-tokenizer's o200k tables cost ~70 MB of memory and ~200 ms to load, and most conversations never need them
 * (see the byte bound in fitConversation), so they are loaded on first use. Node caches the module: loaded once.
 */
export function tokenizer(): Tokenizer {
  return requireCjs('gpt-tokenizer') as Tokenizer;
}

/**
 * One turn as prompt text. `<conversation>` tags inside the content are defused so a sample cannot close the data
 * fence and speak as instructions (prompt injection through the data).
 */
export function renderTurn(turn: Turn): string {
  const head = turn.role === 'tool' && turn.name ? `### tool (${turn.name})` : `### ${turn.role}`;
  const parts = [head];
  if (turn.content) parts.push(defuse(turn.content));
  for (const call of turn.tool_calls ?? []) parts.push(`[tool call] ${call.name}(${defuse(call.arguments)})`);
  return parts.join('\n');
}

function defuse(text: string): string {
  return text.replace(/<\s*(\/?)\s*(conversation|example_conversation)\b([^>]*)>/gi, '&lt;$1$2$3&gt;');
}

/**
 * The conversation as prompt text, cut in the middle when longer than the budget: the turns up to and including the
 * first user turn stay (what was asked), then as many final turns as fit (how it ended), with a note in place of
 * what was cut. Tokens are counted once per turn. A head or final turn larger than its share is itself cut in its
 * middle (head) or kept from its end (tail).
 */
export function fitConversation(conv: Conversation, options: FitOptions = {}): FittedConversation {
  const budget = options.tokenBudget ?? DEFAULT_TOKEN_BUDGET;
  const prelude = options.prelude ?? [];
  const blocks = [...prelude, ...conv.turns.map(options.renderTurn ?? renderTurn)];
  const whole = blocks.join(SEP);
  // Tokens <= UTF-8 bytes, so a text within the budget in bytes fits without tokenizing it at all.
  const bytes = Buffer.byteLength(whole, 'utf8');
  if (bytes <= budget) return { text: whole, tokens: bytes, truncation: null };
  const { countTokens } = tokenizer();
  const counts = blocks.map((b) => countTokens(b));
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= budget) return { text: whole, tokens: total, truncation: null };

  const firstUser = conv.turns.findIndex((t) => t.role === 'user');
  const headEnd = prelude.length + (firstUser === -1 ? 1 : firstUser + 1);
  let head = blocks.slice(0, headEnd).join(SEP);
  let headTokens = sum(counts.slice(0, headEnd));
  const headShare = Math.floor(budget / 2);
  if (headTokens > headShare) {
    head = clipMiddle(head, headShare);
    headTokens = countTokens(head);
  }
  const noteReserve = 40;
  let room = budget - headTokens - noteReserve;
  const tail: string[] = [];
  let tailTokens = 0;
  for (let i = blocks.length - 1; i >= headEnd; i--) {
    const n = counts[i] ?? 0;
    if (n > room) {
      if (tail.length === 0 && room > 0) {
        const kept = clipStart(blocks[i] ?? '', room);
        tail.unshift(kept);
        tailTokens += countTokens(kept);
      }
      break;
    }
    tail.unshift(blocks[i] ?? '');
    tailTokens += n;
    room -= n;
  }
  const turnsCut = blocks.length - headEnd - tail.length;
  const cutTokens = total - headTokens - tailTokens;
  const note = `[... ${turnsCut} turn(s), about ${cutTokens} tokens, cut from the middle of the conversation to fit a budget of ${budget} tokens ...]`;
  const text = [head, note, ...tail].join(SEP);
  const kept = headTokens + tailTokens;
  return { text, tokens: kept + countTokens(note), truncation: { original_tokens: total, kept_tokens: kept, turns_cut: turnsCut, note } };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** Keep the first and last halves of `max` tokens of `text`. */
function clipMiddle(text: string, max: number): string {
  const { encode, decode } = tokenizer();
  const ids = encode(text);
  if (ids.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${decode(ids.slice(0, half))}\n[... ${ids.length - 2 * half} tokens cut ...]\n${decode(ids.slice(ids.length - half))}`;
}

/** Keep the turn header and the last tokens of a turn (the end of a long final turn is what matters). */
function clipStart(block: string, max: number): string {
  const { encode, decode, countTokens } = tokenizer();
  const nl = block.indexOf('\n');
  const header = nl === -1 ? block : block.slice(0, nl);
  const ids = encode(block.slice(nl + 1));
  const keep = Math.max(0, max - countTokens(header) - 12);
  return `${header}\n[... ${ids.length - keep} tokens cut ...]\n${decode(ids.slice(ids.length - keep))}`;
}
