import { createOpenAiChatClient, type OpenAiChatClientOptions } from './client.js';
import { resolveEndpoint, type Endpoint } from './endpoint.js';
import { resolveModel, type ModelRegistry, type ResolvedModel } from './registry.js';
import type { ChatClient, ResponseFormatMode } from './types.js';

export interface ConnectModelOptions {
  registry: ModelRegistry;
  /** Model id from the command line or an experiment file. */
  modelId: string;
  /** Usually `process.env`; the only source of the key. */
  env: Readonly<Record<string, string | undefined>>;
  /** `--base-url`. */
  baseUrl?: string;
  /** `--response-format`. */
  responseFormat?: ResponseFormatMode;
  /** Passed to the client: timeoutMs, maxRetries, deadlineMs, retry, fetch, onRetry, random. */
  client?: Omit<OpenAiChatClientOptions, 'baseUrl' | 'apiKey' | 'tokenParam' | 'sendTemperature'>;
}

export interface ConnectedModel {
  model: ResolvedModel;
  /** Printable: baseUrl, urlSource, keySource (never print `apiKey`). */
  endpoint: Endpoint;
  client: ChatClient;
}

/**
 * Model id + flags + environment -> the resolved model, its endpoint and a ready client. Meant as the one way a
 * command connects, but today only its test calls it: label, run and gold collect/annotate still build their clients
 * themselves (issue 13 merges them). A listed model may fall back to its registry URL; an unlisted one needs an
 * explicit endpoint.
 */
export function connectModel(options: ConnectModelOptions): ConnectedModel {
  const { registry, modelId } = options;
  const format = options.responseFormat ? { responseFormat: options.responseFormat } : {};
  const listed = Object.hasOwn(registry.models, modelId) ? resolveModel(registry, modelId, format) : null;
  const endpoint = resolveEndpoint({
    env: options.env,
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(listed ? { model: { baseUrl: listed.baseUrl, apiKeyEnv: listed.apiKeyEnv } } : {}),
  });
  const model = listed ?? resolveModel(registry, modelId, { ...format, allowUnknown: endpoint.explicit });
  const client = createOpenAiChatClient({
    ...options.client,
    baseUrl: endpoint.baseUrl,
    apiKey: endpoint.apiKey,
    tokenParam: model.tokenParam,
    sendTemperature: model.sendTemperature,
  });
  return { model, endpoint, client };
}
