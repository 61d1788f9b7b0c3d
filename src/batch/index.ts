/** Labeling through OpenAI-compatible Batch APIs (/v1/files + /v1/batches) at batch prices. */
export { createBatchChatClient, type BatchChatClient, type BatchChatClientOptions, type BatchClientStats } from './client.js';
export { createOpenAiBatchApi, TERMINAL_STATUSES, type BatchApi, type BatchInfo, type OpenAiBatchApiOptions } from './api.js';
export { BATCH_LIMITS, batchRequestLine, parseResultLine, planBatches, BatchResultLineSchema, type BatchLimits, type ParsedResult, type WireOptions } from './lines.js';
export { loadBatchState, saveBatchState, BatchStateSchema, BATCH_STATE_VERSION, type BatchState, type SavedBatch } from './state.js';
export { batchStatePath } from './paths.js';
export { connectBatchClient, type ConnectBatchOptions } from './connect.js';
