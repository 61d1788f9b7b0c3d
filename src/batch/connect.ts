import type { WireOptions } from '../llm/index.js';
import type { Stop } from '../util/stop.js';
import { createOpenAiBatchApi } from './api.js';
import { createBatchChatClient, type BatchChatClient } from './client.js';
import { batchStatePath } from './paths.js';

export interface ConnectBatchOptions {
  baseUrl: string;
  /** From the environment only; never written anywhere. */
  apiKey: string | null;
  /** The labeling output: the state file goes beside it (batch_<name>.state.json). */
  output: string;
  /** The model's wire options (token parameter, temperature, reasoning_effort, extra_body): see wireOptionsOf. */
  wire?: WireOptions;
  /** @deprecated use `wire.tokenParam` */
  tokenParam?: 'max_tokens' | 'max_completion_tokens';
  /** @deprecated use `wire.sendTemperature` */
  sendTemperature?: boolean;
  /** Default 30,000 ms (env SFT_LABEL_BATCH_POLL_MS overrides it in the CLI, for tests and the mock). */
  pollMs?: number;
  /** Default 2,000 ms. */
  flushIdleMs?: number;
  log?: (line: string) => void;
  /** Ctrl-C: see BatchChatClientOptions.stop. */
  stop?: Stop;
}

/** The Batch API ChatClient for a labeling run: OpenAI-compatible files/batches endpoints at `baseUrl`. */
export function connectBatchClient(options: ConnectBatchOptions): BatchChatClient {
  return createBatchChatClient({
    api: createOpenAiBatchApi({ baseUrl: options.baseUrl, apiKey: options.apiKey }),
    endpoint: options.baseUrl.replace(/\/+$/, ''),
    statePath: batchStatePath(options.output),
    wire: { tokenParam: options.tokenParam ?? 'max_tokens', sendTemperature: options.sendTemperature ?? true, ...options.wire },
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.flushIdleMs !== undefined ? { flushIdleMs: options.flushIdleMs } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.stop ? { stop: options.stop } : {}),
  });
}
