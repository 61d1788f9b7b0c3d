import type { ChatClient, ChatRequest, ChatResult } from '../../../llm/index.js';

/** What a scripted reply may be: answer text, a full result override, or an error to throw. */
export type FakeReply = string | Error | (Partial<ChatResult> & { content: string });

/** An in-memory ChatClient for unit tests: replies come from `script`, every request is kept. */
export interface FakeClient extends ChatClient {
  requests: ChatRequest[];
  /** The `describe` each request came with, in order. */
  describes: (string | undefined)[];
}

export function fakeClient(script: (req: ChatRequest, index: number) => FakeReply): FakeClient {
  const requests: ChatRequest[] = [];
  const describes: (string | undefined)[] = [];
  return {
    endpoint: 'fake://test',
    requests,
    describes,
    async complete(req, call) {
      requests.push(req);
      describes.push(call?.describe);
      const reply = script(req, requests.length - 1);
      if (reply instanceof Error) throw reply;
      const base: ChatResult = {
        content: '',
        reasoning: null,
        finish_reason: 'stop',
        usage: { prompt_tokens: 1000, cached_tokens: 800, completion_tokens: 100 },
        attempts: 1,
        latency_ms: 5,
        cache_hit: false,
      };
      return typeof reply === 'string' ? { ...base, content: reply } : { ...base, ...reply };
    },
  };
}

/**
 * Which pipeline call a request is: v1/v2 from its schema (either response-format mode); v3 (one schema, one system
 * message for both calls) from the follow-up turn that only call 2 has.
 */
export function callOf(req: ChatRequest): 'call1' | 'call2' {
  if (isFollowUpLayout(req)) return req.messages.some((m) => m.role === 'user' && /^Step 2\b/.test(m.content)) ? 'call2' : 'call1';
  if (req.response_format.type === 'json_schema') return req.response_format.json_schema.name === 'sft_label_call1' ? 'call1' : 'call2';
  return /<<<SCHEMA[\s\S]*"intent"[\s\S]*SCHEMA>>>/.test(req.messages[0]?.content ?? '') ? 'call1' : 'call2';
}

function isFollowUpLayout(req: ChatRequest): boolean {
  return req.messages[0]?.content.includes('【sample】') ?? false;
}

/** A repair re-ask: the last message asks to correct the previous answer. */
export function isRepair(req: ChatRequest): boolean {
  return req.messages.at(-1)?.content.startsWith('That answer could not be used') ?? false;
}

type Answer = Record<string, { tags: string[]; confidence: number }>;

export const GOOD_CALL1: Answer = {
  intent: { tags: ['build'], confidence: 0.9 },
  language: { tags: ['python'], confidence: 0.95 },
  domain: { tags: ['general-programming'], confidence: 0.8 },
  task: { tags: ['code-generation'], confidence: 0.9 },
  difficulty: { tags: ['easy'], confidence: 0.8 },
};

export const GOOD_CALL2: Answer = {
  concept: { tags: ['strings-text-processing'], confidence: 0.8 },
  agentic: { tags: ['none'], confidence: 0.99 },
  constraint: { tags: ['none'], confidence: 0.9 },
  context: { tags: ['none'], confidence: 0.9 },
};

/** A good answer for the request's call, with `patch` applied per dimension. */
export function answer(req: ChatRequest, patch: Answer = {}): string {
  const base = callOf(req) === 'call1' ? GOOD_CALL1 : GOOD_CALL2;
  const out: Answer = { ...base };
  for (const [dim, v] of Object.entries(patch)) if (dim in base) out[dim] = v;
  return JSON.stringify(out);
}
