/**
 * Stopping a run on Ctrl-C / SIGTERM in two steps. `soft` aborts at the first signal: nothing new is started (no
 * sample, no request), what is in flight finishes and is written. `hard` aborts at the second signal, or when the
 * in-flight requests outlive the grace period: requests in flight are cancelled. A run that is not stopping has
 * neither aborted.
 */
export interface Stop {
  readonly soft: AbortSignal;
  readonly hard: AbortSignal;
}

export interface StopController extends Stop {
  /** First step (idempotent). */
  stop(): void;
  /** Second step (idempotent); implies the first. */
  abort(): void;
}

export function createStop(): StopController {
  const soft = new AbortController();
  const hard = new AbortController();
  return {
    soft: soft.signal,
    hard: hard.signal,
    stop: () => soft.abort(),
    abort: () => {
      soft.abort();
      hard.abort();
    },
  };
}

/** Why a request was not sent: the InterruptedError message of every client that honours `soft`. */
export const NOT_SENT_STOPPING = 'not sent: the run is stopping (Ctrl-C / SIGTERM)';

/** Default bound on the wait for requests in flight after the first signal. */
export const STOP_GRACE_MS = 30_000;

export interface StopSignalOptions {
  /** Wait for requests in flight at most this long after the first signal, then abort them. Default STOP_GRACE_MS. */
  graceMs?: number;
  /** Told what happens at each step (a line on stderr in the CLI). */
  say?: (line: string) => void;
  /** Default process. */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/**
 * SIGINT / SIGTERM -> the two steps of `stop`. Returns the function that removes the handlers (and the grace timer):
 * call it when the run is over.
 */
export function onStopSignals(stop: StopController, options: StopSignalOptions = {}): () => void {
  const target = options.target ?? process;
  const say = options.say ?? (() => undefined);
  const grace = options.graceMs ?? STOP_GRACE_MS;
  let timer: NodeJS.Timeout | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    if (!stop.soft.aborted) {
      stop.stop();
      say(`${signal}: stopping: no new request starts; waiting up to ${Math.round(grace / 1000)} s for those in flight (again to abort them now)`);
      timer = setTimeout(() => {
        if (stop.hard.aborted) return;
        say(`requests still in flight after ${Math.round(grace / 1000)} s: aborting them`);
        stop.abort();
      }, grace);
      timer.unref();
      return;
    }
    if (!stop.hard.aborted) {
      say(`${signal} again: aborting requests in flight`);
      stop.abort();
    }
  };
  target.on('SIGINT', handler);
  target.on('SIGTERM', handler);
  return () => {
    clearTimeout(timer);
    target.off('SIGINT', handler);
    target.off('SIGTERM', handler);
  };
}
