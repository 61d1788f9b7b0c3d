import type { ChatRequest } from './types.js';

/**
 * How a request goes on the wire for one model, beyond the OpenAI-common fields: the same choices for the online
 * client and the Batch API lines, so a model configured once behaves the same on both paths.
 */
export interface WireOptions {
  /** Wire name of the token limit: OpenAI reasoning models (gpt-5, o-series) reject `max_tokens`. Default `max_tokens`. */
  tokenParam?: 'max_tokens' | 'max_completion_tokens';
  /** False leaves `temperature` out (models that accept only their default). Default true. */
  sendTemperature?: boolean;
  /** Top-level `reasoning_effort` (OpenAI-standard; DeepSeek and Gemini's compatible endpoints read it too). */
  reasoningEffort?: string | null;
  /**
   * Provider-specific body fields merged into every request, as the SDKs' `extra_body` does: DeepSeek's
   * `thinking: {type: disabled}`, DashScope's `enable_thinking: false`. Never overrides model, messages or the
   * response format.
   */
  extraBody?: Readonly<Record<string, unknown>> | null;
}

/** Keys a registry's extra_body may not set: they are the request itself. */
const RESERVED = new Set(['model', 'messages', 'response_format', 'stream']);

/** The JSON body of a chat request (in wire key order), with `maxTokens` as the budget of this attempt. Pure. */
export function chatBody(request: ChatRequest, wire: WireOptions = {}, maxTokens: number = request.max_tokens): Record<string, unknown> & { model: string; messages: ChatRequest['messages'] } {
  const body: Record<string, unknown> & { model: string; messages: ChatRequest['messages'] } = {
    model: request.model,
    messages: request.messages,
    ...(wire.sendTemperature === false ? {} : { temperature: request.temperature }),
    response_format: request.response_format,
    [wire.tokenParam ?? 'max_tokens']: maxTokens,
  };
  if (wire.reasoningEffort) body.reasoning_effort = wire.reasoningEffort;
  for (const [key, value] of Object.entries(wire.extraBody ?? {})) if (!RESERVED.has(key)) body[key] = value;
  return body;
}
