import { describe, expect, it } from 'vitest';
import { createLimitedChatClient } from './limit.js';
import type { ChatClient, ChatRequest, ChatResult } from './types.js';

const request = (tag: string): ChatRequest => ({ model: 'm', messages: [{ role: 'user', content: tag }], temperature: 0, max_tokens: 10, response_format: { type: 'json_object' } });
const result = (content: string): ChatResult => ({ content, reasoning: null, finish_reason: 'stop', usage: { prompt_tokens: 1, cached_tokens: 0, completion_tokens: 1 }, attempts: 1, latency_ms: 1, cache_hit: false });

/** A client whose requests finish only when the test says so, recording start order and peak concurrency. */
function gatedClient() {
  const started: string[] = [];
  const gates = new Map<string, () => void>();
  let active = 0;
  let peak = 0;
  const client: ChatClient = {
    endpoint: 'http://gated',
    async complete(req) {
      const tag = req.messages[0]!.content;
      started.push(tag);
      active++;
      peak = Math.max(peak, active);
      await new Promise<void>((resolve) => gates.set(tag, resolve));
      active--;
      return result(tag);
    },
  };
  return { client, started, finish: (tag: string) => gates.get(tag)?.(), peak: () => peak };
}
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('createLimitedChatClient', () => {
  it('runs at most `concurrency` requests and starts the waiting ones in arrival order', async () => {
    const g = gatedClient();
    const limited = createLimitedChatClient({ inner: g.client, concurrency: 2 });
    const calls = ['a', 'b', 'c', 'd', 'e'].map((t) => limited.complete(request(t)));
    await tick();
    expect(g.started).toEqual(['a', 'b']);
    expect(limited.load()).toEqual({ inFlight: 2, queued: 3 });
    g.finish('b');
    await tick();
    // A newcomer arriving just as a slot frees does not overtake the queue.
    const late = limited.complete(request('f'));
    await tick();
    expect(g.started).toEqual(['a', 'b', 'c']);
    for (const t of ['a', 'c', 'd', 'e', 'f']) {
      g.finish(t);
      await tick();
      await tick();
    }
    expect((await Promise.all([...calls, late])).map((r) => r.content)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(g.started).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(g.peak()).toBe(2);
    expect(limited.load()).toEqual({ inFlight: 0, queued: 0 });
  });

  it('frees the slot when a request fails', async () => {
    let n = 0;
    const failing: ChatClient = { endpoint: 'x', complete: async () => (n++ === 0 ? Promise.reject(new Error('boom')) : result('ok')) };
    const limited = createLimitedChatClient({ inner: failing, concurrency: 1 });
    await expect(limited.complete(request('1'))).rejects.toThrow('boom');
    await expect(limited.complete(request('2'))).resolves.toMatchObject({ content: 'ok' });
    expect(limited.load()).toEqual({ inFlight: 0, queued: 0 });
  });

  it('a call cancelled while it waits leaves the queue without taking a slot', async () => {
    const g = gatedClient();
    const limited = createLimitedChatClient({ inner: g.client, concurrency: 1 });
    const first = limited.complete(request('a'));
    const controller = new AbortController();
    const cancelled = limited.complete(request('b'), { signal: controller.signal });
    const third = limited.complete(request('c'));
    await tick();
    controller.abort(new Error('stop'));
    await expect(cancelled).rejects.toThrow('stop');
    g.finish('a');
    await tick();
    await tick();
    expect(g.started).toEqual(['a', 'c']);
    g.finish('c');
    await Promise.all([first, third]);
    expect(limited.load()).toEqual({ inFlight: 0, queued: 0 });
  });
});
