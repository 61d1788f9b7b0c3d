import { describe, isObj, normaliseToolCall, RecordShapeError, renderContent, tryJson, type Obj } from './content.js';
import type { Role, ToolCall, Turn } from './schema.js';

/**
 * Source role spellings -> canonical role. `function_call` is an assistant turn carrying a call; observation-like
 * roles (function results) become `tool`.
 */
const ROLE_MAP: ReadonlyMap<string, Role> = new Map<string, Role>([
  ['system', 'system'],
  ['developer', 'system'],
  ['human', 'user'],
  ['user', 'user'],
  ['gpt', 'assistant'],
  ['assistant', 'assistant'],
  ['ai', 'assistant'],
  ['model', 'assistant'],
  ['bot', 'assistant'],
  ['chatgpt', 'assistant'],
  ['function_call', 'assistant'],
  ['tool_call', 'assistant'],
  ['observation', 'tool'],
  ['tool', 'tool'],
  ['function', 'tool'],
  ['ipython', 'tool'],
  ['tool_response', 'tool'],
]);

export function mapRole(source: unknown, where: string): Role {
  if (typeof source !== 'string') throw new RecordShapeError(`${where}: role is ${describe(source)}, expected a string`);
  const role = ROLE_MAP.get(source.trim().toLowerCase());
  if (!role) throw new RecordShapeError(`${where}: unknown role "${source}"`);
  return role;
}

/**
 * A ShareGPT turn `{from, value}` (items that use `role`/`content` are accepted too). A `function_call` value
 * that is JSON `{name, arguments}` becomes a structured call; otherwise (ADP's prose + XML) it stays text.
 */
export function shareGptTurn(item: unknown, where: string): Turn {
  if (!isObj(item)) throw new RecordShapeError(`${where}: turn is ${describe(item)}, expected an object`);
  if (!('from' in item) && 'role' in item) return messageTurn(item, where);
  const sourceRole = item.from;
  const role = mapRole(sourceRole, `${where}.from`);
  const rendered = renderContent(item.value, `${where}.value`);
  const turn: Turn = { role, content: rendered.text, source_role: String(sourceRole) };
  if (rendered.reasoning.length) turn.reasoning = rendered.reasoning.join('\n');
  const calls = [...rendered.toolCalls];
  if (sourceRole === 'function_call' || sourceRole === 'tool_call') {
    const call = callFromJsonText(rendered.text);
    if (call) {
      calls.push(...call);
      turn.content = '';
    }
  }
  if (calls.length) turn.tool_calls = calls;
  if (role === 'tool' && typeof item.name === 'string') turn.name = item.name;
  return turn;
}

function callFromJsonText(text: string): ToolCall[] | undefined {
  const parsed = tryJson(text);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const calls = list.map((c) => (isObj(c) ? normaliseToolCall(c) : undefined));
  return calls.length && calls.every((c) => c) ? (calls as ToolCall[]) : undefined;
}

/**
 * An OpenAI-style message `{role, content, tool_calls?, function_call?, tool_call_id?, name?, reasoning_content?}`,
 * also nebius `{role: ai, text, system_prompt}` and SWE-agent history items (`tool_call_ids`).
 */
export function messageTurn(item: unknown, where: string): Turn {
  if (!isObj(item)) throw new RecordShapeError(`${where}: message is ${describe(item)}, expected an object`);
  const sourceRole = item.role ?? item.from;
  const role = mapRole(sourceRole, `${where}.role`);
  const body = item.content ?? item.text ?? item.value ?? (role === 'system' ? item.system_prompt : undefined);
  const rendered = renderContent(body, `${where}.content`);
  const turn: Turn = { role, content: rendered.text, source_role: String(sourceRole) };
  const reasoning = [...rendered.reasoning];
  for (const key of ['reasoning_content', 'reasoning'] as const) if (typeof item[key] === 'string' && item[key]) reasoning.push(item[key] as string);
  if (reasoning.length) turn.reasoning = reasoning.join('\n');
  const calls = [...rendered.toolCalls, ...structuredCalls(item, where)];
  if (calls.length) turn.tool_calls = calls;
  if (role === 'tool') {
    if (typeof item.name === 'string' && item.name) turn.name = item.name;
    const callId = item.tool_call_id ?? (Array.isArray(item.tool_call_ids) ? item.tool_call_ids[0] : undefined);
    if (typeof callId === 'string' && callId) turn.tool_call_id = callId;
  }
  return turn;
}

function structuredCalls(item: Obj, where: string): ToolCall[] {
  const calls: ToolCall[] = [];
  if (Array.isArray(item.tool_calls)) {
    item.tool_calls.forEach((raw, i) => {
      const call = isObj(raw) ? normaliseToolCall(raw) : undefined;
      if (!call) throw new RecordShapeError(`${where}.tool_calls[${i}]: no function name (got ${describe(raw)})`);
      calls.push(call);
    });
  } else if (item.tool_calls !== undefined && item.tool_calls !== null) {
    throw new RecordShapeError(`${where}.tool_calls: expected a list (got ${describe(item.tool_calls)})`);
  }
  // Legacy OpenAI `function_call` on an assistant message.
  if (isObj(item.function_call)) {
    const call = normaliseToolCall(item.function_call);
    if (call) calls.push(call);
  }
  return calls;
}
