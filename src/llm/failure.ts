import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { parseRetryAfter, retryAfterFromText, type FailureKind } from './retry.js';

/** A failed attempt, classified from error classes and status codes only (never message text). */
export interface AttemptFailure {
  kind: FailureKind;
  status?: number;
  retryAfterMs?: number;
  /** Short, key-free description for messages and the monitor. */
  message: string;
  /** The provider's `error.message` from an HTTP error body (key-free, shortened), when it sent one. */
  providerMessage?: string;
  cause?: unknown;
}

export interface ClassifyContext {
  /** The per-attempt timer fired. */
  attemptTimedOut: boolean;
  timeoutMs: number;
  /** Removes the API key from any text that is kept. */
  redact: (text: string) => string;
}

/** Turn whatever the SDK or fetch threw into an AttemptFailure. */
export function classifyError(err: unknown, ctx: ClassifyContext): AttemptFailure {
  const text = (e: unknown): string => short(ctx.redact(e instanceof Error ? e.message : String(e)));
  const cause = sanitiseCause(err, ctx.redact);
  // Aborts first: our per-attempt timer aborts the fetch, which surfaces as APIUserAbortError before the headers and
  // as a raw AbortError while the body is read (the SDK's own timeout stops at the headers).
  if (ctx.attemptTimedOut || err instanceof APIConnectionTimeoutError)
    return { kind: 'timeout', message: `no complete answer within ${ctx.timeoutMs} ms`, cause };
  if (err instanceof APIUserAbortError || (err instanceof Error && err.name === 'AbortError'))
    return { kind: 'timeout', message: 'request aborted', cause };
  if (err instanceof APIConnectionError) return { kind: 'connection', message: `connection error: ${text(err.cause ?? err)}`, cause };
  if (err instanceof APIError && typeof err.status === 'number') {
    const retryAfterMs =
      parseRetryAfter(err.headers ?? undefined) ?? (err.status === 429 ? retryAfterFromText(err.message) : undefined);
    // The SDK prefixes the status to the body's message; drop it to avoid "HTTP 429: 429 ...".
    const body = text(err).replace(new RegExp(`^${err.status}\\s*`), '');
    const provider = providerMessageOf(err.error);
    return {
      kind: 'http',
      status: err.status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      message: `HTTP ${err.status}: ${body}`,
      providerMessage: provider !== undefined ? short(ctx.redact(provider)) : body,
      cause,
    };
  }
  // A 200 whose JSON body is cut or invalid: the SDK's response.json() throws SyntaxError.
  if (err instanceof SyntaxError) return { kind: 'malformed', message: `unreadable response body: ${text(err)}`, cause };
  // undici reports a socket closed mid-body as TypeError("terminated").
  if (err instanceof TypeError) return { kind: 'connection', message: `connection error: ${text(err)}`, cause };
  throw err;
}

/** Collapse whitespace and cut long texts (an HTML 502 page should not fill the monitor). */
export function short(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * The error to attach as `cause`: the original, unless its message or body mentions the key (some providers echo
 * the key they rejected), in which case a redacted stand-in without the body.
 */
function sanitiseCause(err: unknown, redact: (t: string) => string): unknown {
  if (!(err instanceof Error)) return err;
  let dump = err.message;
  try {
    dump += JSON.stringify((err as { error?: unknown }).error ?? null);
  } catch {
    /* circular: the message alone is checked */
  }
  if (redact(dump) === dump) return err;
  const clean = new Error(redact(err.message));
  clean.name = err.name;
  return clean;
}

/** `error.message` of an OpenAI-style error body (the SDK hands over `body.error`), or a plain string body. */
function providerMessageOf(error: unknown): string | undefined {
  if (typeof error === 'string') return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  const nested = (error as { error?: unknown }).error;
  return nested !== undefined && nested !== error ? providerMessageOf(nested) : undefined;
}

/**
 * What usually fixes a request the provider refused, from its status and its own words: one home for the advice
 * `doctor` prints and the breaker's stop message (labelers/breaker.ts).
 */
export function refusalFix(failure: { status?: number; retryable: boolean }, said: string): string {
  const { status } = failure;
  if (status === 401 || status === 403) return 'check the API key variable for this endpoint (doctor prints which one was used)';
  if (status === 404 || /model/i.test(said))
    return 'check the wire model name in models.yaml (or, behind a gateway, that it knows the registry id: SFT_LABEL_GATEWAY=1)';
  if (/response_format|schema|json/i.test(said)) return 'try --response-format json_object, or check the registry entry for this provider (docs/ENDPOINTS.md)';
  if (status === 400 || status === 422) return 'compare the request extras of this model with docs/ENDPOINTS.md';
  if (failure.retryable) return 'the endpoint is overloaded or down: try again later';
  return 'see docs/ENDPOINTS.md';
}
