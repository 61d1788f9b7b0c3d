import type { ChatCallOptions, ChatClient, ChatRequest, ChatResult } from '../../llm/types.js';

/** A request like the pipeline sends. */
export function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'deepseek-chat',
    messages: [
      { role: 'system', content: 'Label the conversation. Answer in JSON.' },
      { role: 'user', content: 'sample s-1: write a python function' },
    ],
    temperature: 0,
    max_tokens: 2048,
    response_format: { type: 'json_object' },
    ...overrides,
  };
}

export interface FakeClient extends ChatClient {
  calls: ChatRequest[];
  /** Resolve every pending call (when created with `manual: true`). */
  release(): void;
}

export interface FakeClientOptions {
  endpoint?: string;
  /** Answer for a request; default: content derived from the last message, finish_reason stop. */
  answer?: (req: ChatRequest, n: number) => Partial<ChatResult> | Error;
  /** Hold every call until release() is called. */
  manual?: boolean;
}

/** A ChatClient that counts calls and answers without any network. */
export function fakeClient(options: FakeClientOptions = {}): FakeClient {
  const calls: ChatRequest[] = [];
  let waiting: Array<() => void> = [];
  return {
    endpoint: options.endpoint ?? 'https://api.example.com/v1',
    calls,
    release() {
      const w = waiting;
      waiting = [];
      for (const f of w) f();
    },
    async complete(req: ChatRequest, _call?: ChatCallOptions): Promise<ChatResult> {
      calls.push(req);
      const n = calls.length;
      if (options.manual) await new Promise<void>((r) => waiting.push(r));
      const a = options.answer?.(req, n);
      if (a instanceof Error) throw a;
      return {
        content: `{"answer": ${JSON.stringify(req.messages.at(-1)?.content ?? '')}, "n": ${n}}`,
        reasoning: null,
        finish_reason: 'stop',
        usage: { prompt_tokens: 100, cached_tokens: 0, completion_tokens: 20 },
        attempts: 1,
        latency_ms: 250,
        cache_hit: false,
        ...a,
      };
    },
  };
}
