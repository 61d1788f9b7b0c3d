import { createStop, onStopSignals, type StopController } from '../util/stop.js';

/**
 * Ctrl-C / SIGTERM for a long command (`label`, `run`): the first signal stops starting requests and lets those in
 * flight finish (at most `graceMs`, default 30 s), the second cancels them. Each step is said on stderr.
 */
export function installStop(options: { graceMs?: number } = {}): { stop: StopController; dispose: () => void } {
  const stop = createStop();
  const dispose = onStopSignals(stop, {
    ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
    say: (line) => process.stderr.write(`\nsft-label: ${line}\n`),
  });
  return { stop, dispose };
}

/** The command line that resumes this run: the same arguments without those that would start over (`--fresh`). */
export function resumeCommand(argv: readonly string[] = process.argv.slice(2), drop: readonly string[] = ['--fresh']): string {
  return ['sft-label', ...argv.filter((a) => !drop.includes(a))].map(shellWord).join(' ');
}

/** A word as a POSIX shell reads it back: bare when safe, else single-quoted. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
