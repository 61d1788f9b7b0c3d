import OpenAI, { toFile } from 'openai';

/** A batch as sft-label needs it (the subset of OpenAI's Batch object it reads). */
export interface BatchInfo {
  id: string;
  status: 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';
  input_file_id: string;
  output_file_id: string | null;
  error_file_id: string | null;
  /** Why a batch failed as a whole (validation errors). */
  errors: string[];
}

/** Statuses after which a batch changes no more. */
export const TERMINAL_STATUSES: ReadonlySet<BatchInfo['status']> = new Set(['failed', 'completed', 'expired', 'cancelled']);

/** The Batch API calls the flow makes; an interface so tests can count or fake them. */
export interface BatchApi {
  /** Upload a JSONL input file (purpose `batch`); returns its file id. */
  uploadInput(name: string, content: string): Promise<string>;
  createBatch(inputFileId: string, metadata: Record<string, string>): Promise<BatchInfo>;
  retrieveBatch(id: string): Promise<BatchInfo>;
  /** Text of an output or error file (`GET /v1/files/{id}/content`). */
  fileContent(id: string): Promise<string>;
}

export interface OpenAiBatchApiOptions {
  baseUrl: string;
  /** From the environment only; null for key-less local servers. */
  apiKey: string | null;
  /** SDK retries for the idempotent calls (retrieve, download). Create and upload are not retried: a retried create could pay twice. */
  readRetries?: number;
  fetch?: typeof fetch;
}

/** BatchApi over openai@6's `files` and `batches` resources, against any OpenAI-compatible endpoint. */
export function createOpenAiBatchApi(options: OpenAiBatchApiOptions): BatchApi {
  const sdk = new OpenAI({
    baseURL: options.baseUrl.replace(/\/+$/, ''),
    apiKey: options.apiKey ?? 'no-key',
    maxRetries: 0,
    logLevel: 'off', // SDK debug logs print bodies
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const readRetries = options.readRetries ?? 3;
  return {
    async uploadInput(name, content) {
      const file = await sdk.files.create({ file: await toFile(Buffer.from(content, 'utf8'), name, { type: 'application/jsonl' }), purpose: 'batch' });
      return file.id;
    },
    async createBatch(inputFileId, metadata) {
      const b = await sdk.batches.create({ input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: '24h', metadata });
      return toInfo(b);
    },
    async retrieveBatch(id) {
      return toInfo(await sdk.batches.retrieve(id, { maxRetries: readRetries }));
    },
    async fileContent(id) {
      const res = await sdk.files.content(id, { maxRetries: readRetries });
      return res.text();
    },
  };
}

function toInfo(b: OpenAI.Batches.Batch): BatchInfo {
  return {
    id: b.id,
    status: b.status,
    input_file_id: b.input_file_id,
    output_file_id: b.output_file_id ?? null,
    error_file_id: b.error_file_id ?? null,
    errors: (b.errors?.data ?? []).map((e) => `${e.code ?? 'error'}${e.line ? ` (line ${e.line})` : ''}: ${e.message ?? ''}`),
  };
}
