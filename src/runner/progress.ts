import { formatDuration } from '../util/duration.js';
import { drawSchedule, etaSeconds, type ProgressStream } from '../util/progress.js';

/** One line per configuration: done/total, failed, elapsed, ETA and cost so far; when to draw is util/progress's drawSchedule. */
export interface RunProgress {
  /** A job of `config` finished (failed or not); `costUsd` is what it spent now. */
  advance(config: string, outcome: { failed: boolean; costUsd: number }): void;
  /** Redraw now and stop (leaves the final lines on screen). */
  finish(): void;
}

export interface RunProgressOptions {
  stream: ProgressStream;
  /** Configuration name -> jobs still to do in this run (resumed ones excluded). */
  totals: ReadonlyArray<{ config: string; total: number; resumed: number }>;
  /** Redrawn lines on a TTY; plain lines every intervalMs otherwise. Default stream.isTTY. */
  tty?: boolean;
  /** Plain mode: print at most this often. Default 5000. */
  intervalMs?: number;
  now?: () => number;
}

interface LineState {
  config: string;
  total: number;
  resumed: number;
  done: number;
  failed: number;
  costUsd: number;
  /** When this configuration finished its last job. */
  finishedAt: number | null;
}

export function createRunProgress(options: RunProgressOptions): RunProgress {
  const schedule = drawSchedule(options);
  const { tty, start, now } = schedule;
  const lines: LineState[] = options.totals.map((t) => ({ ...t, done: 0, failed: 0, costUsd: 0, finishedAt: t.total === 0 ? start : null }));
  const width = Math.max(...lines.map((l) => l.config.length), 6);
  let drawn = 0;
  const draw = (): void => {
    const t = now();
    const text = lines.map((l) => formatRunLine(l, width, (l.finishedAt ?? t) - start));
    if (tty) {
      const up = drawn ? `\x1b[${drawn}A` : '';
      options.stream.write(`${up}${text.map((s) => `\r${s}\x1b[K`).join('\n')}\n`);
      drawn = text.length;
    } else options.stream.write(`${text.join('\n')}\n`);
  };
  return {
    advance(config, outcome) {
      const line = lines.find((l) => l.config === config);
      if (!line) return;
      line.done++;
      if (outcome.failed) line.failed++;
      line.costUsd += outcome.costUsd;
      if (line.done >= line.total) line.finishedAt = now();
      if (schedule.due()) draw();
    },
    finish() {
      if (lines.length) draw();
    },
  };
}

/** `deepseek-v3.2__v1  40/108  37%  2 failed  0:12 elapsed  ETA 0:20  $0.0123`. */
export function formatRunLine(l: Omit<LineState, 'finishedAt'>, width: number, elapsedMs: number): string {
  const pct = l.total ? Math.floor((100 * l.done) / l.total) : 100;
  const eta = etaSeconds({ label: l.config, done: l.done, failed: l.failed, total: l.total, elapsedMs });
  const parts = [
    l.config.padEnd(width),
    `${l.done}/${l.total}`.padStart(9),
    `${pct}%`.padStart(4),
    l.resumed ? `(${l.resumed} resumed)` : '',
    l.failed ? `${l.failed} failed` : '',
    `${formatDuration(elapsedMs, 'clock')} elapsed`,
    l.done >= l.total ? 'done' : eta === undefined ? 'ETA ?' : `ETA ${formatDuration(eta * 1000, 'clock')}`,
    `$${l.costUsd.toFixed(4)}`,
  ];
  return parts.filter(Boolean).join('  ');
}
