import type { ChatCallOptions, ChatClient, ChatRequest, ChatResult } from './types.js';

export interface LimitedChatClientOptions {
  inner: ChatClient;
  /** Requests in flight at most (`--concurrency`). */
  concurrency: number;
}

/** A ChatClient that also says how busy it is (for tests, benchmarks and progress). */
export interface LimitedChatClient extends ChatClient {
  /** Requests running now and waiting for a slot. */
  load(): { inFlight: number; queued: number };
}

/**
 * At most `concurrency` requests of `inner` at once; the rest wait in arrival order (FIFO). Bounding requests rather
 * than samples keeps the endpoint's pool full while samples sit between their calls or fan out into arbitration
 * re-asks: a pool of C samples with two sequential calls leaves slots idle at the tail of a run (108 samples of two
 * 1 s calls at C=50 take 6 s as sample waves, 5 s as a request pool). A slot is handed straight to the next waiter
 * when a request ends, so a newcomer can never overtake the queue or push the count past the limit. The wait is
 * outside the call, so latency and the per-call deadline measure the request itself.
 */
export function createLimitedChatClient(options: LimitedChatClientOptions): LimitedChatClient {
  const { inner } = options;
  const limit = Math.max(1, Math.floor(options.concurrency));
  let inFlight = 0;
  const waiting: Array<() => void> = [];

  const acquire = async (signal: AbortSignal | undefined): Promise<void> => {
    if (inFlight < limit) {
      inFlight++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const i = waiting.indexOf(grant);
        if (i >= 0) waiting.splice(i, 1);
        reject(signal?.reason);
      };
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(grant);
    });
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next(); // the slot passes on: inFlight stays the same
    else inFlight--;
  };

  return {
    endpoint: inner.endpoint,
    load: () => ({ inFlight, queued: waiting.length }),
    async complete(request: ChatRequest, call?: ChatCallOptions): Promise<ChatResult> {
      await acquire(call?.signal);
      try {
        return await inner.complete(request, call);
      } finally {
        release();
      }
    },
  };
}
