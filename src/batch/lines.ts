import { z } from 'zod';
import { chatBody, type ChatRequest, type WireOptions } from '../llm/index.js';

/** OpenAI's Batch API limits per batch (PROVIDERS.md 5): at most 50,000 requests and 200 MB of input. */
export const BATCH_LIMITS = { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 } as const;
export type BatchLimits = { maxRequests: number; maxBytes: number };

/** How a request goes on the wire for this model: the online client's choices (src/llm/wire.ts), extras included. */
export type { WireOptions } from '../llm/index.js';

/** One line of a batch input file: `{custom_id, method, url, body}` with the chat request as the body. */
export function batchRequestLine(customId: string, request: ChatRequest, wire: WireOptions = {}): string {
  return JSON.stringify({ custom_id: customId, method: 'POST', url: '/v1/chat/completions', body: chatBody(request, wire) });
}

/** A line of a batch output or error file. Both files share it: failures carry `error` or a non-2xx response. */
export const BatchResultLineSchema = z.looseObject({
  custom_id: z.string(),
  response: z.looseObject({ status_code: z.number().int(), body: z.unknown() }).nullable().optional(),
  error: z.looseObject({ code: z.string().nullable().optional(), message: z.string().nullable().optional() }).nullable().optional(),
});
export type BatchResultLine = z.infer<typeof BatchResultLineSchema>;

export type ParsedResult =
  | { custom_id: string; ok: true; body: unknown }
  | { custom_id: string; ok: false; status: number | null; reason: string };

/** Parse one result line; null for a blank or unreadable line (reported by the caller as missing, then retried). */
export function parseResultLine(text: string): ParsedResult | null {
  if (!text.trim()) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = BatchResultLineSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { custom_id, response, error } = parsed.data;
  if (response && response.status_code >= 200 && response.status_code < 300 && !error) return { custom_id, ok: true, body: response.body };
  const status = response?.status_code ?? null;
  const bodyMessage = (response?.body as { error?: { message?: unknown } } | undefined)?.error?.message;
  const reason = error?.message ?? error?.code ?? (typeof bodyMessage === 'string' ? bodyMessage : null) ?? `status ${status ?? 'unknown'}`;
  return { custom_id, ok: false, status, reason: error?.code ? `${error.code}: ${reason}` : reason };
}

/**
 * Split request lines (in order) into batches that respect both limits; each batch is a list of indices. A line
 * larger than maxBytes on its own gets a batch of its own (the provider will reject it, and that is reported).
 */
export function planBatches(sizes: readonly number[], limits: BatchLimits = BATCH_LIMITS): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  sizes.forEach((size, i) => {
    if (current.length && (current.length >= limits.maxRequests || bytes + size > limits.maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += size;
  });
  if (current.length) out.push(current);
  return out;
}
