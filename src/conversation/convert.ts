import { InputError } from '../errors/index.js';
import { describe, isObj, RecordShapeError, tryJson, type Obj } from './content.js';
import { recordId } from './id.js';
import { messageTurn, shareGptTurn } from './messages.js';
import type { Conversation, Turn } from './schema.js';

export interface ToConversationOptions {
  /** 0-based record index, for messages. */
  index: number;
  /** File the record came from, for messages. */
  file?: string;
}

/**
 * Turn one input record of any supported variant into the canonical Conversation (id = recordId(record)).
 * Variants, in detection order: bare list of messages (mini-swe-agent .traj.json), OpenAI `messages`
 * (also a JSON-string `messages`), `conversations` with `{from,value}` (ShareGPT) or `{role,content}` (CodeAct),
 * Alpaca `instruction/input/output|response` (+ LLaMA-Factory `history` pairs), SWE-agent `.traj` `history`,
 * nebius `trajectory[{role,text}]`. Throws InputError with the record index and a precise reason.
 */
export function toConversation(record: unknown, opts: ToConversationOptions): Conversation {
  try {
    const { format, turns, tools } = convert(record);
    if (!turns.some((t) => t.role === 'user')) throw new RecordShapeError(`no user turn (roles: ${roleList(turns)})`);
    return { id: recordId(record), format, turns, tools };
  } catch (err) {
    if (!(err instanceof RecordShapeError)) throw err;
    const id = isObj(record) ? recordId(record) : undefined;
    const where = id && isObj(record) && 'id' in record ? `record ${opts.index} (id ${id})` : `record ${opts.index}`;
    throw new InputError(`${where}: ${err.reason}`, { file: opts.file, record: opts.index }, { cause: err });
  }
}

interface Converted {
  format: string;
  turns: Turn[];
  tools: unknown[];
}

function convert(record: unknown): Converted {
  if (Array.isArray(record)) {
    if (!isMessageList(record)) throw new RecordShapeError(`record is a list but not a list of {role, content} messages`);
    return { format: 'openai-list', turns: record.map((m, i) => messageTurn(m, `[${i}]`)), tools: [] };
  }
  if (!isObj(record)) throw new RecordShapeError(`record is ${describe(record)}, expected an object`);
  const tools = parseTools(record);
  const system = systemTurns(record);
  const messages = typeof record.messages === 'string' ? tryJson(record.messages) : record.messages;
  if (Array.isArray(messages)) return { format: 'openai', turns: [...system, ...listOf(messages, 'messages', messageTurn)], tools };
  if (Array.isArray(record.conversations)) {
    const first = record.conversations.find(isObj);
    const roleStyle = first !== undefined && !('from' in first) && 'role' in first;
    const turns = listOf(record.conversations, 'conversations', roleStyle ? messageTurn : shareGptTurn);
    return { format: roleStyle ? 'conversations-role' : 'sharegpt', turns: [...system, ...turns], tools };
  }
  if (typeof record.instruction === 'string') return { format: 'alpaca', turns: [...system, ...alpacaTurns(record)], tools };
  if (Array.isArray(record.history)) return { format: 'swe-agent-traj', turns: listOf(record.history, 'history', messageTurn), tools };
  if (Array.isArray(record.trajectory) && record.trajectory.some((s) => isObj(s) && 'role' in s)) {
    return { format: 'nebius-traj', turns: listOf(record.trajectory, 'trajectory', messageTurn), tools };
  }
  if (Array.isArray(record.trajectory)) throw new RecordShapeError('SWE-agent trajectory steps without a `history` of messages');
  throw new RecordShapeError(`unknown record shape: keys [${Object.keys(record).slice(0, 12).join(', ')}]`);
}

function listOf(items: unknown[], key: string, toTurn: (item: unknown, where: string) => Turn): Turn[] {
  return items.map((item, i) => toTurn(item, `${key}[${i}]`));
}

/** A bare list of OpenAI messages: every item an object with a string `role`. */
export function isMessageList(value: unknown[]): boolean {
  return value.length > 0 && value.every((m) => isObj(m) && typeof m.role === 'string' && !('messages' in m) && !('conversations' in m));
}

/** Top-level `system` string (ShareGPT / Alpaca / ADP) as a leading system turn. */
function systemTurns(record: Obj): Turn[] {
  const system = record.system;
  if (system === undefined || system === null || system === '') return [];
  if (typeof system !== 'string') throw new RecordShapeError(`system: expected a string (got ${describe(system)})`);
  return [{ role: 'system', content: system, source_role: 'system' }];
}

/** Alpaca: instruction (+ input) -> user, output | response -> assistant; LLaMA-Factory `history` pairs first. */
function alpacaTurns(record: Obj): Turn[] {
  const turns: Turn[] = [];
  if (Array.isArray(record.history)) {
    record.history.forEach((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2 || pair.some((p) => typeof p !== 'string')) {
        throw new RecordShapeError(`history[${i}]: expected a [user, assistant] pair of strings (got ${describe(pair)})`);
      }
      turns.push({ role: 'user', content: pair[0] as string, source_role: 'history' });
      turns.push({ role: 'assistant', content: pair[1] as string, source_role: 'history' });
    });
  }
  const input = typeof record.input === 'string' ? record.input.trim() : '';
  const instruction = record.instruction as string;
  turns.push({ role: 'user', content: input ? `${instruction}\n\n${record.input as string}` : instruction, source_role: 'instruction' });
  const answerKey = typeof record.output === 'string' ? 'output' : typeof record.response === 'string' ? 'response' : undefined;
  if (answerKey) turns.push({ role: 'assistant', content: record[answerKey] as string, source_role: answerKey });
  return turns;
}

/** `tools` (or legacy `functions`) as a list; a JSON string is decoded. */
function parseTools(record: Obj): unknown[] {
  const raw = record.tools ?? record.functions;
  if (raw === undefined || raw === null || raw === '') return [];
  const value = typeof raw === 'string' ? tryJson(raw) : raw;
  if (Array.isArray(value)) return value;
  if (isObj(value)) return [value];
  throw new RecordShapeError(`tools: expected a list or a JSON string of one (got ${describe(raw)})`);
}

function roleList(turns: Turn[]): string {
  const roles = [...new Set(turns.map((t) => t.source_role ?? t.role))];
  return roles.length ? roles.join(', ') : 'none';
}
