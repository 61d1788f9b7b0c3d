/**
 * Typed errors, one small class per failure kind. Each carries context fields and `cause`.
 * The CLI's top-level handler (src/cli/main.ts) maps them to exit codes with exitCodeFor below:
 *   ConfigError / InputError / UsageError -> 2, GateFailedError -> 100, everything else -> 1.
 */

export interface ErrorContext {
  /** File the problem was found in, when there is one. */
  file?: string;
  /** 1-based line, when known. */
  line?: number;
  /** Record id or index, when known. */
  record?: string | number;
  /** Dotted path inside a record or config (`matrix.models[1]`). */
  path?: string;
}

abstract class SftLabelError extends Error {
  abstract readonly kind: string;
  readonly context: ErrorContext;
  constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.context = context;
    this.name = new.target.name;
  }
}

/** Bad command-line usage (unknown flag value, missing argument). Exit 2. */
export class UsageError extends SftLabelError {
  readonly kind = 'usage';
}

/** A user-written file (taxonomy, experiment, model registry) is invalid. Lists every problem. Exit 2. */
export class ConfigError extends SftLabelError {
  readonly kind = 'config';
  readonly problems: string[];
  constructor(message: string, problems: string[] = [], context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(problems.length ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message, context, options);
    this.problems = problems;
  }
}

/** An input data file cannot be read or parsed at all. Exit 2. */
export class InputError extends SftLabelError {
  readonly kind = 'input';
}

/**
 * An LLM endpoint answered with an HTTP error status (or the transport failed for good). `providerMessage` and
 * `retryable` let a caller decide that a configuration is doomed (the same non-retryable refusal on every request:
 * retired model, bad key, rejected schema) without parsing message text.
 */
export class LlmHttpError extends SftLabelError {
  readonly kind = 'llm-http';
  /** The provider's own error message (`error.message` of the body), key-free and shortened; undefined when none. */
  readonly providerMessage: string | undefined;
  /**
   * Whether the failure is of a kind worth trying again later (429, 408, 409, 5xx, connection, malformed body), by
   * status and class only; false for a refusal that will repeat (400, 401, 403, 404, 422).
   */
  readonly retryable: boolean;
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryAfterMs: number | undefined,
    context: ErrorContext = {},
    options?: { cause?: unknown; providerMessage?: string; retryable?: boolean },
  ) {
    super(message, context, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.providerMessage = options?.providerMessage;
    this.retryable = options?.retryable ?? (status === undefined || status >= 500 || [408, 409, 429].includes(status));
  }
}

/** An LLM call timed out (per attempt) or ran past its total deadline. */
export class LlmTimeoutError extends SftLabelError {
  readonly kind = 'llm-timeout';
}

/** A read-only cache lacked entries. Lists what is missing. Exit 1. */
export class CacheMissError extends SftLabelError {
  readonly kind = 'cache-miss';
  constructor(message: string, readonly missing: string[], context: ErrorContext = {}) {
    super(message, context);
  }
}

/**
 * A run that a verdict needs complete is not: it was interrupted, or samples got no answer from the endpoint. The
 * gate and `baseline update` refuse to judge or pin it. Exit 1 (run again to finish it).
 */
export class RunIncompleteError extends SftLabelError {
  readonly kind = 'run-incomplete';
  /** `config id: error` of each sample without an answer; empty for an interrupted run. */
  readonly failures: string[];
  constructor(message: string, failures: string[] = [], context: ErrorContext = {}) {
    super(message, context);
    this.failures = failures;
  }
}

/**
 * A labeling request that was not sent, or was cut off, because the run is stopping (Ctrl-C / SIGTERM): the sample it
 * belongs to is not written, so a resumed run labels it. Never a verdict on the sample or the endpoint.
 */
export class InterruptedError extends SftLabelError {
  readonly kind = 'interrupted';
}

/**
 * A labeling run finished, but too many of its records failed (`--max-failed`) or none was labeled. Its outputs are
 * written (resumable with --retry-failed); `reasons` are the most frequent failure reasons. Exit 1.
 */
export class TooManyFailuresError extends SftLabelError {
  readonly kind = 'too-many-failures';
  constructor(message: string, readonly reasons: Array<{ reason: string; count: number }>, context: ErrorContext = {}) {
    super(message, context);
  }
}

/**
 * A configuration was stopped early because its first samples were all refused the same way (a retired model, a bad
 * key, a rejected request shape): labeling more would only repeat the refusal. Exit 1.
 */
export class EndpointRefusedError extends SftLabelError {
  readonly kind = 'endpoint-refused';
}

/** A quality gate failed: a dimension regressed significantly. Exit 100. */
export class GateFailedError extends SftLabelError {
  readonly kind = 'gate-failed';
  constructor(message: string, readonly regressions: unknown[], context: ErrorContext = {}) {
    super(message, context);
  }
}

/** The Redis behind `--shared-limit` failed during a run (the request it guarded is not sent). Exit 1. */
export class SharedLimitError extends SftLabelError {
  readonly kind = 'shared-limit';
}

export type AnySftLabelError =
  | UsageError
  | ConfigError
  | InputError
  | LlmHttpError
  | LlmTimeoutError
  | CacheMissError
  | RunIncompleteError
  | EndpointRefusedError
  | GateFailedError
  | SharedLimitError
  | InterruptedError
  | TooManyFailuresError;

export function isSftLabelError(err: unknown): err is AnySftLabelError {
  return err instanceof SftLabelError;
}

/** Exit codes of the CLI contract (DESIGN.md). */
export const EXIT = { ok: 0, runtime: 1, usage: 2, gateFailed: 100 } as const;

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof InputError) return EXIT.usage;
  if (err instanceof GateFailedError) return EXIT.gateFailed;
  return EXIT.runtime;
}

/** Prefix a message with its location: `file:line: record 12: path: message`. */
export function formatLocation(ctx: ErrorContext): string {
  const parts: string[] = [];
  if (ctx.file) parts.push(ctx.line ? `${ctx.file}:${ctx.line}` : ctx.file);
  if (ctx.record !== undefined) parts.push(`record ${ctx.record}`);
  if (ctx.path) parts.push(ctx.path);
  return parts.join(': ');
}

/** Why a path cannot be used, by the system error code (the ones a user's choice of path causes). */
const PATH_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file is in the way (a folder was expected)',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'no such file or folder',
  ENAMETOOLONG: 'the name is too long',
};
/** Resource problems of the machine, not of the path: runtime errors (exit 1). */
const MACHINE_PROBLEMS: Record<string, string> = { ENOSPC: 'no space left on the device', EDQUOT: 'disk quota exceeded', EMFILE: 'too many open files', EIO: 'input/output error' };

/**
 * A Node file-system error (`err.code` + `err.path`) that escaped as is, as one line naming the path: an output
 * folder without write permission, a path under a file, a read-only file system (exit 2: the path given is
 * unusable), or a full disk (exit 1). Undefined for anything else. Used once, by the CLI's top-level handler.
 */
export function describeSystemError(err: unknown): { message: string; exitCode: number } | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  if (!e || typeof e.code !== 'string' || typeof e.path !== 'string') return undefined;
  const why = PATH_PROBLEMS[e.code] ?? MACHINE_PROBLEMS[e.code];
  if (!why) return undefined;
  const verb = { mkdir: 'create folder', open: 'open', rename: 'write', unlink: 'remove', rmdir: 'remove', write: 'write', scandir: 'list', copyfile: 'copy to' }[e.syscall ?? ''] ?? 'use';
  const target = e.syscall === 'rename' || e.syscall === 'copyfile' ? ((e as { dest?: string }).dest ?? e.path) : e.path;
  return { message: `cannot ${verb} ${target}: ${why} (${e.code})`, exitCode: e.code in PATH_PROBLEMS ? EXIT.usage : EXIT.runtime };
}
