import type { MockReply, MockRequest } from './replies.js';

/**
 * Provider emulation: each persona enforces the documented contract of one provider, so tests prove that the
 * registry's entry for it is accepted without a network. Every rule cites its source (read 2026-12-04); the same
 * rules are listed in docs/ENDPOINTS.md. A persona refuses like the provider (status and message) and shapes the
 * answers it accepts (served model name, reasoning tokens, proxy headers).
 */
export const PERSONAS = ['deepseek', 'anthropic', 'openai-reasoning', 'litellm', 'dashscope-qwen3'] as const;
export type PersonaName = (typeof PERSONAS)[number];

/** What a persona adds to an accepted answer. */
export interface PersonaAnswer {
  /** `model` of the response (the served model: an alias or a proxy route shows here). */
  model: string;
  /** Reasoning tokens spent (reported in completion_tokens_details and counted in completion_tokens). */
  reasoningTokens: number;
  /** The budget ran out while reasoning: empty content, finish_reason length. */
  truncated: boolean;
  headers: Record<string, string>;
  reasoningContent?: string;
}

export interface Persona {
  name: PersonaName;
  usageStyle: 'openai' | 'deepseek';
  /** Ids for GET /v1/models. */
  models: string[];
  /** The provider's refusal of this request, or undefined when it would accept it. `index`: request number. */
  check(req: MockRequest, index: number): MockReply | undefined;
  answer(req: MockRequest): PersonaAnswer;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const refuse = (status: number, message: string, type = 'invalid_request_error', code: string | null = null): MockReply => ({
  type: 'error',
  status,
  body: { error: { message, type, param: null, code } },
});
/** Tokens a thinking model spends before answering (any fixed figure: only "more than zero" matters). */
const THINKING_TOKENS = 600;
const budgetOf = (body: Obj): number | undefined => {
  const v = body.max_completion_tokens ?? body.max_tokens;
  return typeof v === 'number' ? v : undefined;
};
const format = (body: Obj): string | undefined => (isObj(body.response_format) ? String(body.response_format.type) : undefined);
const plain = (model: string): PersonaAnswer => ({ model, reasoningTokens: 0, truncated: false, headers: {} });
/** Spending `tokens` on reasoning inside the request's budget (answers need ~400 more). */
const thinking = (model: string, body: Obj, tokens: number): PersonaAnswer => {
  const budget = budgetOf(body) ?? Infinity;
  return { model, reasoningTokens: Math.min(tokens, budget), truncated: budget < tokens + 400, headers: {}, reasoningContent: 'Let me think about the labels.' };
};

/**
 * DeepSeek API (api-docs.deepseek.com: quick_start/pricing snapshot 2026-11-15, guides/json_mode,
 * guides/thinking_mode; PROVIDERS.md 0/2):
 * - D1 names: `deepseek-flash` (V4.1-Flash) and `deepseek-v4-pro`; the legacy `deepseek-v4-flash` is accepted and
 *   served by V4.1-Flash (response model `deepseek-flash`); `deepseek-chat` / `deepseek-reasoner` were retired on
 *   2026-07-24 and anything else is 400 "Model Not Exist".
 * - D2 `json_schema` is 400 "This response_format type is unavailable now".
 * - D3 `json_object` needs the word "json" in the prompt.
 * - D4 thinking is on unless `thinking: {type: "disabled"}`: reasoning tokens are billed as output and count
 *   against max_tokens; usage in DeepSeek's fields.
 */
function deepseek(): Persona {
  const served: Record<string, string> = { 'deepseek-flash': 'deepseek-flash', 'deepseek-v4-flash': 'deepseek-flash', 'deepseek-v4-pro': 'deepseek-v4-pro' };
  return {
    name: 'deepseek',
    usageStyle: 'deepseek',
    models: ['deepseek-flash', 'deepseek-v4-pro'],
    check({ body, text }) {
      if (!(String(body.model) in served)) return refuse(400, 'Model Not Exist');
      if (format(body) === 'json_schema') return refuse(400, 'This response_format type is unavailable now');
      if (format(body) === 'json_object' && !/json/i.test(text))
        return refuse(400, "Prompt must contain the word 'json' in some form to use 'response_format' of type 'json_object'.");
      return undefined;
    },
    answer({ body }) {
      const model = served[String(body.model)] ?? String(body.model);
      const off = isObj(body.thinking) && body.thinking.type === 'disabled';
      return off ? plain(model) : thinking(model, body, THINKING_TOKENS);
    },
  };
}

/** Keywords Anthropic's native structured outputs reject in a schema: where, and the provider's message. */
function anthropicSchemaProblem(schema: unknown, path = 'schema'): string | undefined {
  if (!isObj(schema)) return undefined;
  if ((schema.type === 'number' || schema.type === 'integer') && ('minimum' in schema || 'maximum' in schema))
    return `output_config.format.${path}: For 'number' type, properties maximum, minimum are not supported`;
  if (schema.type === 'array' && ('maxItems' in schema || (typeof schema.minItems === 'number' && schema.minItems > 1)))
    return `output_config.format.${path}: For 'array' type, property maxItems is not supported and minItems only 0 or 1`;
  for (const [key, sub] of Object.entries(isObj(schema.properties) ? schema.properties : {})) {
    const p = anthropicSchemaProblem(sub, `${path}.properties.${key}`);
    if (p) return p;
  }
  return anthropicSchemaProblem(schema.items, `${path}.items`);
}

/**
 * Anthropic native structured outputs, as reached through LiteLLM's response_format mapping (PROVIDERS.md 0;
 * platform.claude.com structured outputs; read 2026-12-04):
 * - A1 a json_schema with `minimum`/`maximum` on numbers, `maxItems`, or `minItems` > 1 is 400.
 * - A2 model names `claude-*` (dashed provider ids, or the dotted ids of a proxy's model_name).
 */
function anthropic(): Persona {
  return {
    name: 'anthropic',
    usageStyle: 'openai',
    models: ['claude-sonnet-4-6', 'claude-opus-4-5'],
    check({ body }) {
      if (!/^claude-/.test(String(body.model))) return refuse(404, `model: ${String(body.model)}`, 'not_found_error');
      return schemaCheck(body);
    },
    answer: ({ body }) => plain(String(body.model)),
  };
}

function schemaCheck(body: Obj): MockReply | undefined {
  const rf = body.response_format;
  if (!isObj(rf) || rf.type !== 'json_schema' || !isObj(rf.json_schema)) return undefined;
  const problem = anthropicSchemaProblem(rf.json_schema.schema);
  return problem ? refuse(400, problem) : undefined;
}

/**
 * OpenAI reasoning models gpt-5* and o-series (PROVIDERS.md 0/1; read 2026-12-04):
 * - O1 `max_tokens` is 400 ("Use 'max_completion_tokens' instead").
 * - O2 any `temperature` but the default 1 is 400.
 * - O3 reasoning tokens are spent inside max_completion_tokens (fewer with reasoning_effort low/minimal); a budget
 *   too small for reasoning plus answer ends with empty content and finish_reason length.
 */
function openaiReasoning(): Persona {
  return {
    name: 'openai-reasoning',
    usageStyle: 'openai',
    models: ['gpt-5', 'o4-mini'],
    check({ body }) {
      const model = String(body.model);
      if (!/^(gpt-5|o\d)/.test(model)) return undefined;
      if ('max_tokens' in body)
        return refuse(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'invalid_request_error', 'unsupported_parameter');
      if ('temperature' in body && body.temperature !== 1)
        return refuse(400, `Unsupported value: 'temperature' does not support ${String(body.temperature)} with this model. Only the default (1) value is supported.`, 'invalid_request_error', 'unsupported_value');
      return undefined;
    },
    answer({ body }) {
      const model = String(body.model);
      if (!/^(gpt-5|o\d)/.test(model)) return plain(model);
      const effort = String(body.reasoning_effort ?? 'medium');
      const tokens = effort === 'minimal' ? 0 : effort === 'low' ? 300 : effort === 'high' ? 4000 : 1500;
      return { ...thinking(`${model}-2025-08-07`, body, tokens), reasoningContent: undefined } as PersonaAnswer;
    },
  };
}

/**
 * The seed's LiteLLM proxy (PROVIDERS.md 3; LiteLLM docs response_headers.md, exception_mapping.md; #27823):
 * - L1 only its model_names are known (`deepseek-v3.2`, `claude-sonnet-4.6`); any other name is 400 "Invalid
 *   model name passed in model=...".
 * - L2 the response names the deployment it routed to (`deepseek/deepseek-v4-flash`, `anthropic/claude-sonnet-4-6`).
 * - L3 `x-litellm-response-cost`, `x-litellm-model-id` and `x-litellm-model-group` headers on every answer.
 * - L4 the claude route maps json_schema onto Anthropic native structured outputs without a filter (rule A1).
 * - L5 every 5th request is 429 with neither Retry-After nor a "try again in" hint (#27823).
 */
function litellm(): Persona {
  const routes: Record<string, string> = { 'deepseek-v3.2': 'deepseek/deepseek-v4-flash', 'claude-sonnet-4.6': 'anthropic/claude-sonnet-4-6' };
  return {
    name: 'litellm',
    usageStyle: 'openai',
    models: Object.keys(routes),
    check({ body }, index) {
      const model = String(body.model);
      if (!(model in routes))
        return refuse(400, `litellm.BadRequestError: Invalid model name passed in model=${model}. Call \`/v1/models\` to view available models for your key.`, 'None', '400');
      if (model.startsWith('claude')) {
        const r = schemaCheck(body);
        if (r) return r;
      }
      if (index % 5 === 4) return refuse(429, 'litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for requests', 'None', '429');
      return undefined;
    },
    answer({ body }) {
      const group = String(body.model);
      const cost = group.startsWith('claude') ? '0.0123' : '0.00042';
      return { ...plain(routes[group] ?? group), headers: { 'x-litellm-response-cost': cost, 'x-litellm-model-id': `mock-${group}`, 'x-litellm-model-group': group } };
    },
  };
}

/**
 * Alibaba DashScope, Qwen3 open models (PROVIDERS.md 0/2; read 2026-12-04):
 * - Q1 a non-streaming call without `enable_thinking: false` is 400.
 * - Q2 qwen3-235b-a22b takes json_object only (json_schema is 400), and the prompt must contain "JSON".
 */
function dashscope(): Persona {
  return {
    name: 'dashscope-qwen3',
    usageStyle: 'openai',
    models: ['qwen3-235b-a22b'],
    check({ body, text }) {
      if (body.stream !== true && body.enable_thinking !== false)
        return refuse(400, 'parameter.enable_thinking must be set to false for non-streaming calls', 'invalid_request_error', 'InvalidParameter');
      if (format(body) === 'json_schema') return refuse(400, 'The response_format type json_schema is not supported by this model', 'invalid_request_error', 'InvalidParameter');
      if (format(body) === 'json_object' && !/json/i.test(text))
        return refuse(400, "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", 'invalid_request_error', 'InvalidParameter');
      return undefined;
    },
    answer: ({ body }) => plain(String(body.model)),
  };
}

/** The persona of a name. */
export function createPersona(name: PersonaName): Persona {
  switch (name) {
    case 'deepseek':
      return deepseek();
    case 'anthropic':
      return anthropic();
    case 'openai-reasoning':
      return openaiReasoning();
    case 'litellm':
      return litellm();
    case 'dashscope-qwen3':
      return dashscope();
  }
}
