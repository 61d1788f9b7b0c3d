import type { ToolCall } from './schema.js';

/** Why a record cannot become a conversation; toConversation turns it into an InputError with the record index. */
export class RecordShapeError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Content split into what the canonical turn keeps apart. */
export interface RenderedContent {
  text: string;
  reasoning: string[];
  toolCalls: ToolCall[];
}

/** Media parts are rendered as a short placeholder so the text still says something was attached. */
const MEDIA_PART_TYPES = new Set(['image', 'image_url', 'input_image', 'video', 'video_url', 'audio', 'input_audio', 'file']);

/**
 * Render a message body: a string, null, or a list of parts — OpenAI `{type:'text', text}`, LLaMA-Factory v1
 * `{type, value}` with text / reasoning / tool_call parts, and media parts (placeholders). Anything else is a
 * RecordShapeError naming `where`.
 */
export function renderContent(content: unknown, where: string): RenderedContent {
  const out: RenderedContent = { text: '', reasoning: [], toolCalls: [] };
  if (content === null || content === undefined) return out;
  if (typeof content === 'string') return { ...out, text: content };
  if (typeof content === 'number' || typeof content === 'boolean') return { ...out, text: String(content) };
  const parts = Array.isArray(content) ? content : isObj(content) && typeof content.type === 'string' ? [content] : null;
  if (!parts) throw new RecordShapeError(`${where}: content is ${describe(content)}, expected a string or a list of parts`);
  const texts: string[] = [];
  parts.forEach((part, i) => {
    if (typeof part === 'string') return void texts.push(part);
    if (!isObj(part)) throw new RecordShapeError(`${where}[${i}]: content part is ${describe(part)}`);
    const type = typeof part.type === 'string' ? part.type : 'text';
    const body = part.text ?? part.value ?? part.content;
    if (type === 'reasoning' || type === 'thinking') out.reasoning.push(stringOr(body ?? part.thinking, ''));
    else if (type === 'tool_call' || type === 'function_call') out.toolCalls.push(toolCallFromPart(body, `${where}[${i}]`));
    else if (MEDIA_PART_TYPES.has(type)) texts.push(`[${type.replace(/_url$|^input_/, '')}]`);
    else if (typeof body === 'string') texts.push(body);
    else throw new RecordShapeError(`${where}[${i}]: part of type "${type}" has no text (got ${describe(body)})`);
  });
  out.text = texts.join('\n');
  return out;
}

function toolCallFromPart(body: unknown, where: string): ToolCall {
  const parsed = typeof body === 'string' ? tryJson(body) : body;
  const call = isObj(parsed) ? normaliseToolCall(parsed) : undefined;
  if (!call) throw new RecordShapeError(`${where}: tool_call part is not {name, arguments} (got ${describe(body)})`);
  return call;
}

/**
 * One tool call from OpenAI `{id?, function:{name, arguments}}`, legacy `{name, arguments}` or glaive-style
 * `{name, arguments: {...}}`. Object arguments are stored as JSON text; raw strings (functionary's python
 * source) stay as they are. Undefined when there is no name.
 */
export function normaliseToolCall(raw: Obj): ToolCall | undefined {
  const fn = isObj(raw.function) ? raw.function : raw;
  if (typeof fn.name !== 'string') return undefined;
  const args = fn.arguments ?? fn.parameters ?? fn.args;
  const call: ToolCall = { name: fn.name, arguments: typeof args === 'string' ? args : args === undefined ? '' : JSON.stringify(args) };
  if (typeof raw.id === 'string' && raw.id) call.id = raw.id;
  return call;
}

/** Parse JSON, undefined when it is not JSON (callers decide whether that is an error). */
export function tryJson(text: string): unknown {
  const t = text.trim();
  if (!t || (t[0] !== '{' && t[0] !== '[' && t[0] !== '"')) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

export function stringOr(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

/** Short description of an unexpected value for messages: type and a truncated preview. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return `an object with keys [${Object.keys(v as Obj).slice(0, 8).join(', ')}]`;
  const s = JSON.stringify(v) ?? String(v);
  return `${typeof v} ${s.length > 60 ? `${s.slice(0, 57)}...` : s}`;
}
