import type { Conversation, ToolCall, Turn } from '../conversation/index.js';
import { normaliseTagSpelling, type Taxonomy } from '../taxonomy/index.js';
import { countLines, findCodeBlocks, textOutside, type CodeBlock } from './blocks.js';
import { guessLanguage, looksLikeCode } from './guess-language.js';
import {
  ALWAYS_ACTION_LABELS,
  extensionOf,
  fileWriteOf,
  findTextActions,
  isObservationText,
  pathOf,
  SHELL_ACTION_LABELS,
  sweAgentCommand,
  systemDeclaresTools,
  type TextAction,
} from './protocols.js';
import type { Signals } from './schema.js';

/** Mutable tallies of one preprocess call (local to the call, never shared). */
interface Tally {
  aliases: ReadonlyMap<string, string>;
  toolCalls: number;
  codeBlocks: number;
  codeLines: number;
  fence: Set<string>;
  content: Set<string>;
  files: Set<string>;
  protocols: Set<string>;
  currentFile: string | undefined;
}

/**
 * Deterministic structural signals of a conversation (definitions: the `signals:` section of the taxonomy and
 * src/preprocess/README.md). One pass over the turns; only the language alias map of `tax` is used.
 */
export function preprocess(conv: Conversation, tax: Taxonomy): Signals {
  const tally: Tally = {
    aliases: tax.aliasesByDim.get('language') ?? new Map(),
    toolCalls: 0, codeBlocks: 0, codeLines: 0, currentFile: undefined,
    fence: new Set(), content: new Set(), files: new Set(), protocols: new Set(),
  };
  const turns = conv.turns;
  const firstUser = turns.findIndex((t) => t.role === 'user');
  const isObservation = (i: number): boolean => {
    const t = turns[i];
    return !!t && (t.role === 'tool' || (t.role === 'user' && i > firstUser && isObservationText(t.content)));
  };
  let userTurns = 0, assistantTurns = 0, toolTurns = 0, observationTurns = 0, totalChars = 0;
  let toolDefsInSystem = false;
  const pendingShell: CodeBlock[] = [];
  turns.forEach((turn, i) => {
    totalChars += turn.content.length;
    for (const c of turn.tool_calls ?? []) totalChars += c.arguments.length;
    if (turn.role === 'system') toolDefsInSystem ||= systemDeclaresTools(turn.content);
    else if (turn.role === 'tool') (toolTurns++, observationTurns++);
    else if (turn.role === 'user') {
      if (isObservation(i)) observationTurns++;
      else (userTurns++, authoredText(turn.content, tally));
    } else {
      assistantTurns++;
      assistantTurn(turn, isObservation(i + 1), tally, pendingShell);
    }
  });
  // An unanswered trailing shell fence (SWE-agent's final `submit`) is an action only inside a shell protocol.
  for (const block of pendingShell) {
    if (tally.protocols.has('fenced-shell')) shellAction(block, tally);
    else codeBlock(block, tally, true);
  }
  return {
    has_tool_calls: tally.toolCalls > 0 || toolTurns > 0,
    tool_call_count: tally.toolCalls,
    has_tool_definitions: conv.tools.length > 0 || toolDefsInSystem,
    user_turns: userTurns,
    code_block_count: tally.codeBlocks,
    assistant_code_lines: tally.codeLines,
    fence_languages: [...tally.fence].sort(),
    turns: turns.length,
    assistant_turns: assistantTurns,
    tool_turns: toolTurns,
    observation_turns: observationTurns,
    total_chars: totalChars,
    content_languages: [...tally.content].sort(),
    action_protocols: [...tally.protocols].sort(),
    file_languages: [...tally.files].sort(),
  };
}

/** A human-authored user message: its code blocks and unfenced code. */
function authoredText(text: string, tally: Tally): void {
  const blocks = findCodeBlocks(text);
  for (const b of blocks) codeBlock(b, tally, false);
  unfencedText(textOutside(text, blocks), tally);
}

function assistantTurn(turn: Turn, answeredByEnvironment: boolean, tally: Tally, pendingShell: CodeBlock[]): void {
  const structured = turn.tool_calls ?? [];
  for (const call of structured) structuredCall(call, tally);
  // Text actions count only when the turn has no structured calls, so converted data is not counted twice.
  const actions = structured.length ? [] : findTextActions(turn.content);
  for (const a of actions) textAction(a, tally);
  const text = actions.length ? textOutside(turn.content, actions) : turn.content;
  const blocks = findCodeBlocks(text);
  const last = blocks[blocks.length - 1];
  let skip: CodeBlock | undefined;
  if (last && !structured.length && !actions.length) {
    const shellLike = SHELL_ACTION_LABELS.has(last.label);
    if (ALWAYS_ACTION_LABELS.has(last.label) || (answeredByEnvironment && shellLike)) {
      tally.protocols.add('fenced-shell');
      shellAction(last, tally);
      skip = last;
    } else if (answeredByEnvironment) {
      // Code the environment executed (Code-Feedback): a call, but still the assistant's authored solution code.
      tally.protocols.add('fenced-exec');
      tally.toolCalls++;
    } else if (shellLike && !text.slice(last.end).trim()) {
      pendingShell.push(last);
      skip = last;
    }
  }
  for (const b of blocks) if (b !== skip) codeBlock(b, tally, true);
  unfencedText(textOutside(text, blocks), tally);
}

function codeBlock(block: CodeBlock, tally: Tally, byAssistant: boolean): void {
  tally.codeBlocks++;
  if (byAssistant) tally.codeLines += countLines(block.body);
  const fromLabel = block.label ? languageOf(block.label, tally) : undefined;
  if (fromLabel) return void tally.fence.add(fromLabel);
  const guess = guessLanguage(block.body);
  if (guess) (guess.confidence === 'high' ? tally.fence : tally.content).add(guess.lang);
}

/** Code outside fences (raw-code answers such as GPTeacher's): guessed; confident guesses count as fenced. */
function unfencedText(text: string, tally: Tally): void {
  if (text.length < 8 || !looksLikeCode(text)) return;
  const guess = guessLanguage(text);
  if (!guess) return;
  tally.content.add(guess.lang);
  if (guess.confidence === 'high') tally.fence.add(guess.lang);
}

function shellAction(block: CodeBlock, tally: Tally): void {
  tally.toolCalls++;
  const cmd = sweAgentCommand(block.body);
  if (cmd.opened) tally.currentFile = cmd.opened;
  if (cmd.edit !== undefined) written({ content: cmd.edit, path: tally.currentFile }, tally);
}

function structuredCall(call: ToolCall, tally: Tally): void {
  tally.toolCalls++;
  const args = parseArgs(call.arguments);
  if (!args) {
    // Code-interpreter calls pass raw source as arguments (functionary's `python` tool).
    const guess = guessLanguage(call.arguments);
    if (guess) tally.content.add(guess.lang);
    return;
  }
  callArgs(args, tally);
}

function textAction(action: TextAction, tally: Tally): void {
  tally.toolCalls++;
  tally.protocols.add(action.protocol);
  callArgs(action.params, tally);
}

function callArgs(args: Record<string, unknown>, tally: Tally): void {
  const write = fileWriteOf(args, tally.currentFile);
  tally.currentFile = pathOf(args) ?? tally.currentFile;
  if (write) return written(write, tally);
  const code = typeof args.code === 'string' ? args.code : undefined;
  const guess = code ? guessLanguage(code) : undefined;
  if (guess) tally.content.add(guess.lang);
}

function written(write: { content: string; path?: string | undefined }, tally: Tally): void {
  tally.codeLines += countLines(write.content);
  const ext = write.path ? extensionOf(write.path) : undefined;
  const lang = ext ? languageOf(ext, tally) : undefined;
  if (lang) tally.files.add(lang);
}

function languageOf(label: string, tally: Tally): string | undefined {
  const id = tally.aliases.get(normaliseTagSpelling(label));
  return id === 'none' ? undefined : id;
}

function parseArgs(text: string): Record<string, unknown> | undefined {
  const t = text.trimStart();
  if (!t.startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
