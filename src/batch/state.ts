import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';

export const BATCH_STATE_VERSION = 1;

export const SavedBatchSchema = z.object({
  id: z.string(),
  input_file_id: z.string(),
  created_at: z.string(),
  requests: z.int().nonnegative(),
  status: z.string().describe('last status seen'),
  /** Request keys (custom_id) of a batch not yet collected; emptied once its answers are delivered. */
  custom_ids: z.array(z.string()),
});
export type SavedBatch = z.infer<typeof SavedBatchSchema>;

/**
 * batch_<name>.state.json beside the output: every batch this run created, written the moment a batch exists, so
 * a restarted run polls its pending batches instead of paying for the same requests twice.
 */
export const BatchStateSchema = z.object({
  version: z.literal(BATCH_STATE_VERSION),
  endpoint: z.string().describe('base URL the batches live on (never a key)'),
  batches: z.array(SavedBatchSchema),
});
export type BatchState = z.infer<typeof BatchStateSchema>;

export function loadBatchState(path: string, endpoint: string): BatchState {
  if (!existsSync(path)) return { version: BATCH_STATE_VERSION, endpoint, batches: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(`${path}: batch state is not valid JSON (${(err as Error).message}); move it away only if its batches are finished or cancelled`, { file: path });
  }
  const parsed = BatchStateSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(`${path}: not a batch state file (version ${BATCH_STATE_VERSION}): ${parsed.error.issues[0]?.message ?? ''}`, { file: path });
  if (parsed.data.endpoint !== endpoint) {
    throw new InputError(`${path}: its batches live on ${parsed.data.endpoint}, this run talks to ${endpoint}; use the same endpoint to collect them`, { file: path });
  }
  return parsed.data;
}

export function saveBatchState(path: string, state: BatchState): void {
  writeFileAtomic(path, `${JSON.stringify(state)}\n`);
}
