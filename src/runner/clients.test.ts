import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { CacheMissError } from '../errors/index.js';
import type { ChatClient, ChatRequest, ChatResult } from '../llm/index.js';
import { callName, scopedClient, type SampleScope } from './clients.js';

const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'm',
  messages: [
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'u' },
  ],
  temperature: 0,
  max_tokens: 100,
  response_format: { type: 'json_schema', json_schema: { name: 'sft_label_call2', strict: true, schema: {} } },
  ...over,
});
const ok = (attempts = 1): ChatResult => ({ content: '{}', reasoning: null, finish_reason: 'stop', usage: { prompt_tokens: 1, cached_tokens: 0, completion_tokens: 1 }, attempts, latency_ms: 1, cache_hit: false });

describe('callName', () => {
  it('names the call from the json_schema name, a repair, and an arbitration re-ask', () => {
    expect(callName(request())).toBe('call2');
    expect(callName(request({ messages: [...request().messages, { role: 'assistant', content: 'x' }, { role: 'user', content: 'fix' }] }))).toBe('repair:call2');
    expect(callName(request({ sample_index: 2 }))).toBe('arbitration re-ask #2 of call2');
  });
  it('reads the embedded schema in json_object mode', () => {
    const r = request({ response_format: { type: 'json_object' }, messages: [{ role: 'user', content: '<<<SCHEMA{"properties":{"intent":{}}}SCHEMA>>>' }] });
    expect(callName(r)).toBe('call1');
  });
});

describe('scopedClient', () => {
  it('folds the repeat into sample_index, describes the call and flags read-only misses', async () => {
    const seen: Array<{ index: number | undefined; describe: string | undefined }> = [];
    const inner: ChatClient = {
      endpoint: 'e',
      async complete(req, call) {
        seen.push({ index: req.sample_index, describe: call?.describe });
        if (req.sample_index === 2003) throw new CacheMissError('miss', ['x']);
        return ok();
      },
    };
    const scope = new AsyncLocalStorage<SampleScope>();
    const client = scopedClient(inner, scope);
    const s: SampleScope = { config: 'cfg', id: 's-1', sampleIndex: 2, cacheMiss: false };
    await scope.run(s, () => client.complete(request({ sample_index: 1 })));
    expect(seen[0]).toEqual({ index: 2001, describe: 'config cfg, sample s-1 repeat 2, arbitration re-ask #1 of call2' });
    await expect(scope.run(s, () => client.complete(request({ sample_index: 3 })))).rejects.toBeInstanceOf(CacheMissError);
    expect(s.cacheMiss).toBe(true);
  });

  it('names the call as the caller does when it says (prompt v3: one schema for both calls, call 2 has an assistant turn)', async () => {
    const seen: (string | undefined)[] = [];
    const inner: ChatClient = {
      endpoint: 'e',
      async complete(_req, call) {
        seen.push(call?.describe);
        return ok();
      },
    };
    const scope = new AsyncLocalStorage<SampleScope>();
    const client = scopedClient(inner, scope);
    const s: SampleScope = { config: 'cfg', id: 's-1', sampleIndex: 0, cacheMiss: false };
    const v3call2 = request({
      response_format: { type: 'json_schema', json_schema: { name: 'sft_label_answer', strict: true, schema: {} } },
      messages: [...request().messages, { role: 'assistant', content: '{"intent":{"tags":["build"],"confidence":0.9}}' }, { role: 'user', content: 'Step 2.' }],
    });
    // Guessed from the request alone, it would read as a repair of an unknown call.
    expect(callName(v3call2)).toBe('repair:answer');
    await scope.run(s, () => client.complete(v3call2, { describe: 'call2' }));
    await scope.run(s, () => client.complete({ ...v3call2, sample_index: 2 }, { describe: 'arbitrate:concept#2' }));
    expect(seen).toEqual(['config cfg, sample s-1, call2', 'config cfg, sample s-1, arbitrate:concept#2']);
  });
});
