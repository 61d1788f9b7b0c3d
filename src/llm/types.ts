/**
 * The contract between the LLM client (src/llm), the response cache (src/cache) and the labeling pipeline
 * (src/labelers/llm). The pipeline talks only to a ChatClient; the cache is a ChatClient that wraps another.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type ResponseFormatMode = 'json_schema' | 'json_object';

export interface ChatRequest {
  /** Provider model name sent on the wire (`deepseek-chat`, `gpt-5`, `anthropic/claude-sonnet-4.6`). */
  model: string;
  messages: ChatMessage[];
  temperature: number;
  max_tokens: number;
  /** `json_schema` sends the schema (strict, tag enums); `json_object` relies on the schema in the prompt. */
  response_format:
    | { type: 'json_object' }
    | { type: 'json_schema'; json_schema: { name: string; strict: true; schema: Record<string, unknown> } };
  /** Repeat index for repeated runs at temperature > 0 (part of the cache key, never sent). */
  sample_index?: number;
}

export interface ChatUsage {
  prompt_tokens: number;
  /** Prompt tokens served from the provider's prompt cache (OpenAI cached_tokens, DeepSeek prompt_cache_hit_tokens). */
  cached_tokens: number;
  completion_tokens: number;
  /**
   * Of the completion tokens, those spent reasoning (`completion_tokens_details.reasoning_tokens`: OpenAI, DeepSeek
   * thinking mode, LiteLLM). Absent when the provider did not report it.
   */
  reasoning_tokens?: number;
  /**
   * Prompt tokens written to the provider's cache (Anthropic `cache_creation_input_tokens`, passed on by LiteLLM),
   * a subset of prompt_tokens priced at `cache_write`. Absent when not reported.
   */
  cache_write_tokens?: number;
}

export interface ChatResult {
  content: string;
  /** DeepSeek `reasoning_content` and the like, kept apart from content. */
  reasoning: string | null;
  finish_reason: string | null;
  usage: ChatUsage;
  /** HTTP attempts made (1 = first try succeeded; 0 = served from cache). */
  attempts: number;
  latency_ms: number;
  cache_hit: boolean;
  /** Why earlier attempts of this call failed (absent or empty when the first attempt succeeded). */
  failed_attempts?: FailedAttempt[];
  /** `model` as reported by the response (provenance: a proxy alias may route elsewhere). */
  response_model?: string | null;
  /** Completion budget of the answering attempt, when a `length` retry raised it above the request's max_tokens. */
  max_tokens?: number;
  /** Cost the proxy reported (LiteLLM `x-litellm-response-cost`), for cross-checking our price table; else null. */
  provider_cost_usd?: number | null;
}

/** One failed HTTP attempt, for the monitor. Never contains the API key. */
export interface FailedAttempt {
  attempt: number;
  /** http | connection | timeout | length | empty | malformed */
  kind: string;
  status?: number;
  message: string;
  /** Wait before the next attempt (0 for the last one). */
  delay_ms: number;
  /** Completion budget of this attempt, on a `length` failure (the retry doubles it). */
  max_tokens?: number;
}

export interface ChatCallOptions {
  /** Cancels the whole call, retries included. */
  signal?: AbortSignal;
  /**
   * What this call is for, in words (`sample s-12 call 1`): named in messages such as a read-only cache miss.
   * Never part of the cache key and never sent.
   */
  describe?: string;
}

/** Anything that answers a chat request: the real HTTP client, or the cache wrapping it. */
export interface ChatClient {
  /** Endpoint identity for limiter and cache key (base URL, never the key). */
  readonly endpoint: string;
  complete(request: ChatRequest, options?: ChatCallOptions): Promise<ChatResult>;
}
