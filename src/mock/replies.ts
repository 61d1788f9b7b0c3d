import { generateFromSchema, nearMissTags, type Rng } from './schema-gen.js';

/** Every failure the mock can inject, by name (`--faults` on the CLI, `{type: 'fault'}` in scripts). */
export const FAULT_KINDS = [
  'rate_limit', // 429 with Retry-After
  'server_error', // 500
  'unavailable', // 503
  'reset', // socket destroyed before any answer
  'hang', // never answers
  'headers_then_hang', // 200 headers, then nothing (DeepSeek's queue keeps connections open like this)
  'fenced', // valid JSON inside ```json fences
  'prose', // valid JSON wrapped in prose
  'truncated', // JSON cut off, finish_reason length
  'non_json', // a refusal in plain words
  'empty', // empty content, finish_reason stop
  'near_miss', // valid JSON with a tag misspelt (`Code Review` for code-review)
  'html_502', // an nginx HTML 502 page
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults drawn by `faultRate` when none are named: everything that ends on its own (no hangs). */
export const DEFAULT_FAULT_MIX: readonly FaultKind[] = FAULT_KINDS.filter((f) => f !== 'hang' && f !== 'headers_then_hang');

/** What a script may answer for one request. */
export type MockReply = (
  | {
      type: 'answer';
      /** JSON answer; default: a random object valid for the request's schema. */
      body?: unknown;
      /** Raw content instead of `body` (any text). */
      content?: string;
      finish_reason?: string;
      /** DeepSeek-style chain of thought, sent beside content. */
      reasoning_content?: string;
      cached_tokens?: number;
      /** Extra response headers (e.g. `x-litellm-response-cost`). */
      headers?: Record<string, string>;
      /** `model` of the response; default the request's (a persona sets the served model). */
      model?: string;
      /** Reasoning tokens: added to completion_tokens and reported in completion_tokens_details. */
      reasoning_tokens?: number;
    }
  | { type: 'error'; status: number; body?: unknown; text?: string; headers?: Record<string, string> }
  | { type: 'fault'; fault: FaultKind }
) & {
  /** Latency for this reply instead of the server's. */
  delay_ms?: number;
};

/** A request as the script sees it. */
export interface MockRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (model, messages, response_format, ...). */
  body: Record<string, unknown>;
  /** All message contents joined by newlines: match sample text here. */
  text: string;
  /** The schema asked for (json_schema, embedded between <<<SCHEMA and SCHEMA>>>, or prompt v3's tag lists), if any. */
  schema: Record<string, unknown> | undefined;
}

/** What the server will do on the wire. */
export type MockAction =
  | { kind: 'body'; status: number; contentType: string; payload: string; headers?: Record<string, string> }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'headers_then_hang' };

export interface ReplyContext {
  rng: Rng;
  confidence?: number | [number, number];
  /** Answer when the request carries no schema. */
  defaultBody: unknown;
  retryAfter: { seconds?: number; ms?: number; none?: boolean };
  cachedFraction: number;
  usageStyle: 'openai' | 'deepseek';
}

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** A random answer valid for the request's schema. */
export function validAnswer(req: MockRequest, ctx: ReplyContext): unknown {
  if (!req.schema) return ctx.defaultBody;
  return generateFromSchema(req.schema, { rng: ctx.rng, ...(ctx.confidence !== undefined ? { confidence: ctx.confidence } : {}) });
}

/** Turn a reply (scripted or drawn) into what goes on the wire. */
export function toAction(reply: MockReply, req: MockRequest, ctx: ReplyContext): MockAction {
  if (reply.type === 'error') {
    const payload = reply.text ?? JSON.stringify(reply.body ?? { error: { message: `mock error ${reply.status}`, type: 'mock', code: String(reply.status) } });
    return { kind: 'body', status: reply.status, contentType: reply.text ? 'text/plain' : 'application/json', payload, headers: reply.headers ?? {} };
  }
  if (reply.type === 'answer') {
    const content = reply.content ?? JSON.stringify(reply.body ?? validAnswer(req, ctx));
    return completion(req, ctx, content, reply.finish_reason ?? 'stop', reply);
  }
  return faultAction(reply.fault, req, ctx);
}

function faultAction(fault: FaultKind, req: MockRequest, ctx: ReplyContext): MockAction {
  const json = (): string => JSON.stringify(validAnswer(req, ctx));
  switch (fault) {
    case 'rate_limit': {
      const headers: Record<string, string> = {};
      if (ctx.retryAfter.ms !== undefined) headers['retry-after-ms'] = String(ctx.retryAfter.ms);
      if (ctx.retryAfter.seconds !== undefined) headers['retry-after'] = String(ctx.retryAfter.seconds);
      return errorBody(429, 'litellm.RateLimitError: mock rate limit', headers);
    }
    case 'server_error':
      return errorBody(500, 'litellm.InternalServerError: mock failure');
    case 'unavailable':
      return errorBody(503, 'litellm.ServiceUnavailableError: mock overload');
    case 'html_502':
      return { kind: 'body', status: 502, contentType: 'text/html', payload: HTML_502 };
    case 'reset':
      return { kind: 'reset' };
    case 'hang':
      return { kind: 'hang' };
    case 'headers_then_hang':
      return { kind: 'headers_then_hang' };
    case 'fenced':
      return completion(req, ctx, '```json\n' + json() + '\n```', 'stop');
    case 'prose':
      return completion(req, ctx, `Here are the labels for this conversation:\n\n${json()}\n\nLet me know if you need more detail.`, 'stop');
    case 'truncated': {
      const full = json();
      return completion(req, ctx, full.slice(0, Math.max(1, Math.floor(full.length * 0.6))), 'length');
    }
    case 'non_json':
      return completion(req, ctx, "I'm sorry, but I can't provide labels for this conversation.", 'stop');
    case 'empty':
      return completion(req, ctx, '', 'stop');
    case 'near_miss':
      return completion(req, ctx, JSON.stringify(nearMissTags(validAnswer(req, ctx))), 'stop');
  }
}

function errorBody(status: number, message: string, headers: Record<string, string> = {}): MockAction {
  // LiteLLM's error shape: code is a string, type/param may be the string "None" (LiteLLM #27823).
  const payload = JSON.stringify({ error: { message, type: 'None', param: 'None', code: String(status) } });
  return { kind: 'body', status, contentType: 'application/json', payload, headers };
}

/** A chat.completion body with usage (tokens ~ characters / 4). */
function completion(
  req: MockRequest,
  ctx: ReplyContext,
  content: string,
  finishReason: string,
  extra: { reasoning_content?: string; cached_tokens?: number; headers?: Record<string, string>; model?: string; reasoning_tokens?: number } = {},
): MockAction {
  const prompt = Math.ceil(req.text.length / 4);
  const cached = Math.min(prompt, extra.cached_tokens ?? Math.floor(prompt * ctx.cachedFraction));
  const reasoning = extra.reasoning_tokens ?? 0;
  const usage: Record<string, unknown> = { prompt_tokens: prompt, completion_tokens: Math.ceil(content.length / 4) + reasoning };
  if (extra.reasoning_tokens !== undefined) usage.completion_tokens_details = { reasoning_tokens: reasoning };
  usage.total_tokens = prompt + (usage.completion_tokens as number);
  if (ctx.usageStyle === 'deepseek') Object.assign(usage, { prompt_cache_hit_tokens: cached, prompt_cache_miss_tokens: prompt - cached });
  else usage.prompt_tokens_details = { cached_tokens: cached };
  const message: Record<string, unknown> = { role: 'assistant', content };
  if (extra.reasoning_content !== undefined) message.reasoning_content = extra.reasoning_content;
  const body = {
    id: `chatcmpl-mock-${Math.floor(ctx.rng() * 1e9)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: extra.model ?? (typeof req.body.model === 'string' ? req.body.model : 'mock-model'),
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage,
  };
  return { kind: 'body', status: 200, contentType: 'application/json', payload: JSON.stringify(body), headers: extra.headers ?? {} };
}
