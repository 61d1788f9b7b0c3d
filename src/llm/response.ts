import type { ChatUsage } from './types.js';

/**
 * Reading a chat-completions body defensively: providers and proxies add, rename or omit fields. Untyped fields
 * (DeepSeek `reasoning_content`, `prompt_cache_hit_tokens`) survive on the SDK's parsed object.
 */

export interface ReadAnswer {
  content: string;
  reasoning: string | null;
  finish_reason: string | null;
  usage: ChatUsage;
  response_model: string | null;
  /** From response headers (set by the client, not by readAnswer). */
  provider_cost_usd?: number | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Prompt / cached / completion (/ reasoning, when reported) tokens: OpenAI `prompt_tokens_details.cached_tokens`, DeepSeek `prompt_cache_hit_tokens`. */
export function readUsage(raw: unknown): ChatUsage {
  const u = isObj(raw) ? raw : {};
  const details = isObj(u.prompt_tokens_details) ? u.prompt_tokens_details : {};
  const cached = num(details.cached_tokens) || num(u.prompt_cache_hit_tokens);
  const usage: ChatUsage = { prompt_tokens: num(u.prompt_tokens), cached_tokens: cached, completion_tokens: num(u.completion_tokens) };
  const completion = isObj(u.completion_tokens_details) ? u.completion_tokens_details : {};
  if (typeof completion.reasoning_tokens === 'number' && Number.isFinite(completion.reasoning_tokens))
    usage.reasoning_tokens = completion.reasoning_tokens;
  const written = num(u.cache_creation_input_tokens);
  if (written > 0) usage.cache_write_tokens = written;
  return usage;
}

/**
 * The first choice of a completion, or null when the body is not a chat completion at all (an HTML page or a
 * proxy's plain-text error served with status 200).
 */
export function readAnswer(body: unknown): ReadAnswer | null {
  if (!isObj(body) || !Array.isArray(body.choices)) return null;
  const choice: unknown = body.choices[0];
  if (!isObj(choice) || !isObj(choice.message)) return null;
  const msg = choice.message;
  let content = typeof msg.content === 'string' ? msg.content : '';
  // LiteLLM emulates json_schema for Anthropic with a forced tool call; older versions return content null and the
  // JSON in the tool call's arguments (LiteLLM #6741, #8291).
  if (!content && Array.isArray(msg.tool_calls)) {
    const fn = isObj(msg.tool_calls[0]) ? msg.tool_calls[0].function : undefined;
    if (isObj(fn) && typeof fn.arguments === 'string') content = fn.arguments;
  }
  const reasoning = typeof msg.reasoning_content === 'string' ? msg.reasoning_content : null;
  return {
    content,
    reasoning,
    finish_reason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    usage: readUsage(body.usage),
    response_model: typeof body.model === 'string' ? body.model : null,
  };
}
