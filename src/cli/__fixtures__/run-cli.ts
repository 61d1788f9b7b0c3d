import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { packagePath } from '../../util/paths.js';

/** The built CLI (`npm test` builds first). */
export const BIN = packagePath('bin', 'sft-label.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  cwd?: string;
  /**
   * Environment beyond PATH and HOME: nothing else is inherited, so no API key or endpoint of the machine leaks into
   * a test. `fullEnv` replaces this with exactly the environment given.
   */
  env?: Record<string, string | undefined>;
  fullEnv?: NodeJS.ProcessEnv;
  /** Polled every `pollMs` (default 10): when it returns true the child gets `killSignal` (default SIGKILL), once. */
  killWhen?: () => boolean;
  killSignal?: NodeJS.Signals;
  pollMs?: number;
}

/**
 * Start the CLI without blocking this process (a mock server in the test process must keep answering while it runs).
 * Resolves `done` with exit code or signal and everything it printed.
 */
export function startCli(args: readonly string[], options: RunCliOptions = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(options), stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const killWhen = options.killWhen;
  const timer = killWhen
    ? setInterval(() => {
        if (killWhen()) {
          clearInterval(timer);
          child.kill(options.killSignal ?? 'SIGKILL');
        }
      }, options.pollMs ?? 10)
    : undefined;
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

function cliEnv(options: RunCliOptions): NodeJS.ProcessEnv {
  return options.fullEnv ?? { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env };
}

/** `startCli(...).done`. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  return startCli(args, options).done;
}

/** The CLI run to completion, blocking this process: only for tests with no server in this process. */
export function runCliSync(args: readonly string[], options: Omit<RunCliOptions, 'killWhen' | 'killSignal' | 'pollMs'> = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: cliEnv(options), ...(options.cwd ? { cwd: options.cwd } : {}) });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
