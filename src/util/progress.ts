/**
 * Progress on stderr: a redrawn bar (count/total, rate, ETA) on a TTY, a plain line every few seconds otherwise
 * (logs and CI capture stay readable), and a final one-line summary. Clock and stream are injected so tests can
 * drive it without waiting.
 */
import { formatDuration } from './duration.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  stream: ProgressStream;
  /** What is being counted, printed first (`label`). */
  label: string;
  /** Expected number of items, when known; may be refined later with setTotal. */
  total?: number;
  /** Milliseconds clock. Default Date.now. */
  now?: () => number;
  /** Plain mode: one line at most every intervalMs. Default 5000. */
  intervalMs?: number;
  /** Force bar (true) or plain lines (false). Default: stream.isTTY. */
  tty?: boolean;
  /** A short status read at each draw and shown at the end of the line (e.g. an endpoint pushing back); null for none. */
  note?: () => string | null;
}

export interface ProgressState {
  label: string;
  done: number;
  failed: number;
  total: number | undefined;
  elapsedMs: number;
  note?: string | null;
}

export interface Progress {
  /** Report the running counts; cheap to call per item (output is throttled). */
  update(done: number, failed?: number): void;
  setTotal(total: number | undefined): void;
  /** Clear the bar and print the summary line. */
  finish(summary: string): void;
}

const TTY_REDRAW_MS = 100;

/** When to draw: the part every progress display shares (the single bar here, the per-configuration lines of `run`). */
export interface DrawSchedule {
  /** Redraw in place (a terminal) rather than append plain lines (logs, CI). */
  readonly tty: boolean;
  readonly start: number;
  now(): number;
  /** True at most every 100 ms on a terminal, every intervalMs otherwise; a true answer starts the next wait. */
  due(): boolean;
}

export function drawSchedule(options: { stream: ProgressStream; tty?: boolean; intervalMs?: number; now?: () => number }): DrawSchedule {
  const now = options.now ?? Date.now;
  const tty = options.tty ?? Boolean(options.stream.isTTY);
  const interval = tty ? TTY_REDRAW_MS : (options.intervalMs ?? 5000);
  const start = now();
  let last = start;
  return {
    tty,
    start,
    now,
    due() {
      const t = now();
      if (t - last < interval) return false;
      last = t;
      return true;
    },
  };
}

export function createProgress(options: ProgressOptions): Progress {
  const schedule = drawSchedule(options);
  const { tty, start, now } = schedule;
  const state: ProgressState = { label: options.label, done: 0, failed: 0, total: options.total, elapsedMs: 0 };
  let drawn = false;
  const draw = (): void => {
    state.note = options.note?.() ?? null;
    if (tty) {
      options.stream.write(`\r${formatBar(state, options.stream.columns || 80)}\x1b[K`);
      drawn = true;
    } else {
      options.stream.write(`${formatLine(state)}\n`);
    }
  };
  return {
    update(done, failed = state.failed) {
      state.done = done;
      state.failed = failed;
      state.elapsedMs = now() - start;
      if (schedule.due()) draw();
    },
    setTotal(total) {
      state.total = total;
    },
    finish(summary) {
      if (tty && drawn) options.stream.write('\r\x1b[K');
      options.stream.write(`${summary}\n`);
    },
  };
}

/** Items per second so far (0 before any time has passed). */
export function rate(state: ProgressState): number {
  return state.elapsedMs > 0 ? (state.done * 1000) / state.elapsedMs : 0;
}

/** Seconds left at the current rate, or undefined when unknown. */
export function etaSeconds(state: ProgressState): number | undefined {
  const r = rate(state);
  if (state.total === undefined || r <= 0) return undefined;
  return Math.max(0, (state.total - state.done) / r);
}

function counts(state: ProgressState): string {
  const total = state.total === undefined ? '' : `/${state.total}`;
  const pct = state.total ? ` ${Math.min(100, Math.floor((100 * state.done) / state.total))}%` : '';
  return `${state.done}${total}${pct}`;
}

function tail(state: ProgressState): string {
  const eta = etaSeconds(state);
  const failed = state.failed ? `, ${state.failed} failed` : '';
  const note = state.note ? `; ${state.note}` : '';
  return `${rate(state).toFixed(1)}/s${eta === undefined ? '' : `, ETA ${formatDuration(eta * 1000, 'clock')}`}${failed}${note}`;
}

/** One plain progress line: `label: 120/1000 12% 40.0/s, ETA 0:22, 2 failed; <note>`. */
export function formatLine(state: ProgressState): string {
  return `${state.label}: ${counts(state)} ${tail(state)}`;
}

/** The TTY bar, fitted to `columns`. */
export function formatBar(state: ProgressState, columns: number): string {
  const text = ` ${counts(state)} ${tail(state)}`;
  const width = Math.max(10, Math.min(40, columns - text.length - state.label.length - 4));
  const frac = state.total ? Math.min(1, state.done / state.total) : 0;
  const full = Math.round(frac * width);
  const bar = state.total ? `[${'#'.repeat(full)}${'-'.repeat(width - full)}]` : '';
  return `${state.label} ${bar}${text}`;
}
