// Shared by the benchmarks: run the built CLI as a child process and measure it from outside.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Run `sft-label ARGS` and poll the child's peak resident set (VmHWM from /proc; 0 where /proc is absent).
 * Resolves to {code, stderr, wallS, hwmKb}; stdout goes to ours.
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, pollMs?: number }} [options]
 */
export async function runCliMeasured(args, options = {}) {
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(root, 'bin', 'sft-label.js'), ...args], {
    stdio: ['ignore', 'inherit', 'pipe'],
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let hwmKb = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
    } catch {
      /* the process is gone, or there is no /proc */
    }
  }, options.pollMs ?? 100);
  const code = await new Promise((res) => child.on('close', res));
  clearInterval(poll);
  return { code, stderr, wallS: Number(process.hrtime.bigint() - start) / 1e9, hwmKb };
}

/**
 * The value after `--name` on this benchmark's command line (run-all passes `--flag value` to every benchmark), or
 * `dflt`. Returned as written: wrap in Number() for numbers.
 * @param {string} name
 * @param {string} dflt
 */
export function benchArg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
}
