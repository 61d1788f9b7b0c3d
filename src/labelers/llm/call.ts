import type { z } from 'zod';
import { InterruptedError, LlmHttpError, LlmTimeoutError } from '../../errors/index.js';
import type { CallRecord, FailedAttemptRecord } from '../monitor.js';
import type { CallAnswer, RenderedCall } from '../../prompts/index.js';
import {
  extractJsonObject,
  failedAttemptsOf,
  type ChatClient,
  type ChatMessage,
  type ChatRequest,
  type ChatResult,
  type ChatUsage,
  type FailedAttempt,
} from '../../llm/index.js';

/** What one pipeline call needs besides the prompt. */
export interface CallContext {
  client: ChatClient;
  /** Provider model name sent on the wire. */
  providerModel: string;
  /** Model id recorded in the monitor. */
  modelId: string;
  maxTokens: number;
  /** Dollars for a usage, or null when the model has no price. */
  cost: (usage: ChatUsage) => number | null;
}

export interface CallSpec {
  /** Monitor name: `call1`, `call2`, `arbitrate:<dim>#<k>`; a repair is recorded as `repair:<name>`. */
  name: string;
  rendered: RenderedCall;
  temperature: number;
  sampleIndex?: number;
}

export interface CallOutcome {
  answer: CallAnswer | null;
  /** One record per request made (the call, and its repair when there was one). */
  records: CallRecord[];
  /** Why there is no answer. */
  error: string | null;
}

/** Longest bad answer echoed back in a repair request (a runaway answer must not blow up the prompt). */
const REPAIR_ECHO_CHARS = 4000;

/**
 * Ask once, parse (first JSON object, lenient zod schema); on a parse failure ask ONE repair: the same messages plus
 * the bad answer and the error, asking for the corrected JSON only. Never throws: transport errors (already
 * retried by the client) and parse failures come back as `error` with the records made so far.
 */
export async function runCall(ctx: CallContext, spec: CallSpec): Promise<CallOutcome> {
  const request: ChatRequest = {
    model: ctx.providerModel,
    messages: spec.rendered.messages,
    temperature: spec.temperature,
    max_tokens: ctx.maxTokens,
    response_format: spec.rendered.response_format,
    ...(spec.sampleIndex !== undefined ? { sample_index: spec.sampleIndex } : {}),
  };
  const first = await attempt(ctx, spec.name, request, spec.rendered.answerSchema);
  if (first.answer || first.transportFailed) return { answer: first.answer, records: [first.record], error: first.error };

  const repairMessages: ChatMessage[] = [
    ...spec.rendered.messages,
    { role: 'assistant', content: first.content.slice(0, REPAIR_ECHO_CHARS) || '(empty answer)' },
    {
      role: 'user',
      content:
        `That answer could not be used: ${first.error}. Reply again with only the corrected JSON object, ` +
        `with every dimension of this call as {"tags": [...], "confidence": 0..1}, and no other text.`,
    },
  ];
  const repair = await attempt(ctx, `repair:${spec.name}`, { ...request, messages: repairMessages }, spec.rendered.answerSchema);
  const error = repair.answer ? null : `${spec.name}: ${first.error}; after one repair: ${repair.error}`;
  return { answer: repair.answer, records: [first.record, repair.record], error };
}

interface Attempt {
  answer: CallAnswer | null;
  record: CallRecord;
  content: string;
  error: string | null;
  /** The request itself failed (HTTP, timeout): a repair re-ask makes no sense. */
  transportFailed: boolean;
}

async function attempt(ctx: CallContext, name: string, request: ChatRequest, schema: z.ZodType<CallAnswer>): Promise<Attempt> {
  const started = Date.now();
  let result: ChatResult;
  try {
    // The monitor name describes the request down the client stack (a read-only cache miss names it): only the
    // pipeline knows which call a request is (v3's two calls share one system message and one schema).
    result = await ctx.client.complete(request, { describe: name });
  } catch (err) {
    const error = `${name}: ${errorText(err)}`;
    const failed = failedAttemptsOf(err);
    const record = {
      ...baseRecord(ctx, name, { attempts: Math.max(1, failed.length), latency_ms: Date.now() - started, error }),
      ...failedField(failed),
      failure: failureOf(err),
    };
    return { answer: null, record, content: '', error, transportFailed: true };
  }
  const parsed = parseAnswer(result.content, schema, result.finish_reason);
  const failed = result.cache_hit ? [] : (result.failed_attempts ?? []);
  const record: CallRecord = {
    ...baseRecord(ctx, name, { attempts: attemptsMade(result, failed), latency_ms: result.latency_ms, error: parsed.ok ? null : parsed.error }),
    prompt_tokens: result.usage.prompt_tokens,
    completion_tokens: result.usage.completion_tokens,
    cached_tokens: result.usage.cached_tokens,
    // A cache hit spent nothing now; its original cost was paid when it was stored.
    cost_usd: result.cache_hit ? 0 : ctx.cost(result.usage),
    cache_hit: result.cache_hit,
    finish_reason: result.finish_reason,
    ...failedField(failed),
    ...provenance(result),
  };
  return parsed.ok
    ? { answer: parsed.answer, record, content: result.content, error: null, transportFailed: false }
    : { answer: null, record, content: result.content, error: parsed.error, transportFailed: false };
}

/** Parse an answer: first balanced JSON object, then the call's lenient schema. Pure. */
export function parseAnswer(
  content: string,
  schema: z.ZodType<CallAnswer>,
  finishReason: string | null = null,
): { ok: true; answer: CallAnswer } | { ok: false; error: string } {
  const extracted = extractJsonObject(content);
  if (!extracted.ok) {
    const why = finishReason === 'length' ? `${extracted.reason} (finish_reason length)` : extracted.reason;
    return { ok: false, error: `no usable JSON: ${why}; received ${JSON.stringify(content.slice(0, 120))}` };
  }
  const r = schema.safeParse(extracted.value);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, error: `answer does not match the schema: ${issues.join('; ')}` };
  }
  return { ok: true, answer: r.data };
}

function baseRecord(ctx: CallContext, name: string, f: { attempts: number; latency_ms: number; error: string | null }): CallRecord {
  return {
    name,
    model: ctx.modelId,
    attempts: f.attempts,
    latency_ms: f.latency_ms,
    prompt_tokens: 0,
    completion_tokens: 0,
    cached_tokens: 0,
    cost_usd: 0,
    cache_hit: false,
    finish_reason: null,
    error: f.error,
  };
}

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/**
 * HTTP attempts behind an answer: the client's count, but never fewer than the failed attempts it lists plus the
 * answering one — a wrapper that re-sends a call (a limiter re-queueing an overloaded request) may report only its
 * last try while passing every failure on. A cache hit made none now.
 */
function attemptsMade(result: ChatResult, failed: readonly FailedAttempt[]): number {
  if (result.cache_hit) return result.attempts;
  // A truncated or empty answer returned when retries ran out is itself the last failed attempt.
  const last = failed.at(-1);
  const answeredApart = last && last.attempt === result.attempts && (last.kind === 'length' || last.kind === 'empty') ? 0 : 1;
  return Math.max(result.attempts, failed.length + answeredApart);
}

/** The monitor's record of failed attempts (retries included), only when there were any: lines stay short. */
function failedField(failed: readonly FailedAttempt[]): { failed_attempts?: FailedAttemptRecord[] } {
  if (failed.length === 0) return {};
  return {
    failed_attempts: failed.map((f) => ({
      attempt: f.attempt,
      kind: f.kind,
      ...(f.status !== undefined ? { status: f.status } : {}),
      message: f.message,
      delay_ms: f.delay_ms,
      ...(f.max_tokens !== undefined ? { max_tokens: f.max_tokens } : {}),
    })),
  };
}

/** What the answer says about who served it and what it cost, only the fields the provider reported. */
function provenance(result: ChatResult): Pick<CallRecord, 'reasoning_tokens' | 'cache_write_tokens' | 'served_model' | 'provider_cost_usd' | 'max_tokens'> {
  return {
    ...(result.usage.cache_write_tokens && !result.cache_hit ? { cache_write_tokens: result.usage.cache_write_tokens } : {}),
    ...(result.usage.reasoning_tokens !== undefined ? { reasoning_tokens: result.usage.reasoning_tokens } : {}),
    ...(result.response_model ? { served_model: result.response_model } : {}),
    ...(typeof result.provider_cost_usd === 'number' && result.provider_cost_usd >= 0 && !result.cache_hit
      ? { provider_cost_usd: result.provider_cost_usd }
      : {}),
    ...(result.max_tokens !== undefined ? { max_tokens: result.max_tokens } : {}),
  };
}

/** A failed request as data: status, provider message and retryability (LlmHttpError), else the error class. */
export function failureOf(err: unknown): NonNullable<CallRecord['failure']> {
  if (err instanceof LlmHttpError)
    return {
      kind: err.status !== undefined ? 'http' : 'transport',
      ...(err.status !== undefined ? { status: err.status } : {}),
      ...(err.providerMessage !== undefined ? { provider_message: err.providerMessage } : {}),
      retryable: err.retryable,
    };
  if (err instanceof LlmTimeoutError) return { kind: 'timeout', retryable: true };
  // Not sent or cut off because the run is stopping: the sample is left for the resumed run (wasInterrupted).
  if (err instanceof InterruptedError) return { kind: 'interrupted', retryable: true };
  return { kind: 'other', retryable: false };
}
