import { InterruptedError } from '../errors/index.js';
import { NOT_SENT_STOPPING, type Stop } from '../util/stop.js';
import type { ChatClient } from './types.js';

/**
 * The gate of a stopping run, just above the HTTP client (under the limiter, so a call waiting for a slot is not sent
 * either): once `stop.soft` is aborted no request starts (InterruptedError); once `stop.hard` is aborted the requests
 * in flight are cancelled and end with InterruptedError too. A retry the HTTP client has already started counts as
 * in flight.
 */
export function createStoppableChatClient(inner: ChatClient, stop: Stop): ChatClient {
  return {
    endpoint: inner.endpoint,
    async complete(request, call) {
      if (stop.soft.aborted) throw new InterruptedError(NOT_SENT_STOPPING);
      const signal = call?.signal ? AbortSignal.any([call.signal, stop.hard]) : stop.hard;
      try {
        return await inner.complete(request, { ...call, signal });
      } catch (err) {
        if (stop.hard.aborted && !call?.signal?.aborted) throw new InterruptedError('aborted in flight: the run was stopped', {}, { cause: err });
        throw err;
      }
    },
  };
}
