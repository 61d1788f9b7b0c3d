import type { AsyncLocalStorage } from 'node:async_hooks';
import { CacheMissError } from '../errors/index.js';
import type { ChatClient, ChatRequest } from '../llm/index.js';

/**
 * The client stack of one configuration, innermost first:
 *   HTTP (429 not retried inside) -> adaptive (src/llm/adaptive.ts: one limiter per endpoint; re-queues overloaded calls)
 *   -> caching (shared cache; hits never take a limiter slot) -> scoped (repeat index, description of the call).
 */

/** The sample a call is made for; set around each sample's labeling with AsyncLocalStorage. */
export interface SampleScope {
  config: string;
  id: string;
  sampleIndex: number;
  /** Set when a read-only cache lacked one of the sample's calls: the sample is then not written. */
  cacheMiss: boolean;
}

/**
 * Gives each request the sample's repeat index (folded into sample_index, so repeat 0 keys exactly as a run without
 * repeats and arbitration re-asks stay apart) and a description naming configuration, sample and call (the name the
 * caller gave as `describe`, else callName's guess), which a read-only cache miss reports.
 */
export function scopedClient(inner: ChatClient, scope: AsyncLocalStorage<SampleScope>): ChatClient {
  return {
    endpoint: inner.endpoint,
    async complete(request, call) {
      const s = scope.getStore();
      if (!s) return inner.complete(request, call);
      const own = request.sample_index ?? 0;
      const scoped: ChatRequest = { ...request, sample_index: s.sampleIndex * REPEAT_STRIDE + own };
      const repeat = s.sampleIndex ? ` repeat ${s.sampleIndex}` : '';
      const describe = `config ${s.config}, sample ${s.id}${repeat}, ${call?.describe ?? callName(request)}`;
      try {
        return await inner.complete(scoped, { ...call, describe });
      } catch (err) {
        if (err instanceof CacheMissError) s.cacheMiss = true;
        throw err;
      }
    },
  };
}

/** sample_index = repeat x stride + the pipeline's own index (arbitration re-asks use 1..k, k far below this). */
export const REPEAT_STRIDE = 1000;

/**
 * Which pipeline call a request is, for messages, when the caller did not say (the LLM labeler names every request
 * it makes: `call1`, `repair:call2`, `arbitrate:intent#2`, passed as the call's `describe`). Guessed from the request
 * of a per-call prompt (v1, v2): the json_schema name (`sft_label_call1`), else the call whose first dimension the
 * prompt's schema names; a repair carries the bad answer as an assistant turn; arbitration re-asks have a
 * sample_index. Prompt v3 cannot be guessed this way (both calls share one schema, and call 2 carries call 1's answer
 * as an assistant turn), which is why the labeler names its requests.
 */
export function callName(request: ChatRequest): string {
  const rf = request.response_format;
  let name = rf.type === 'json_schema' ? rf.json_schema.name.replace(/^sft_label_/, '') : null;
  if (!name) {
    const text = request.messages.map((m) => m.content).join('\n');
    const schema = /<<<SCHEMA([\s\S]*?)SCHEMA>>>/.exec(text)?.[1] ?? '';
    name = /"intent"/.test(schema) ? 'call1' : /"concept"/.test(schema) ? 'call2' : 'call';
  }
  if (request.messages.some((m) => m.role === 'assistant')) name = `repair:${name}`;
  if (request.sample_index) name = `arbitration re-ask #${request.sample_index} of ${name}`;
  return name;
}
