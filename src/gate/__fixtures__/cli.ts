import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../../util/paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run the built CLI asynchronously (a mock server in the test process must keep answering while it runs) with
 * exactly the environment given: no inherited API keys or endpoints.
 */
export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [packagePath('bin', 'sft-label.js'), ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A copy of the bundled prompt versions with `marker` written at the top of v1's call-1 system prompt. */
export function promptsWithMarker(dir: string, marker: string): string {
  const out = join(dir, `prompts-${marker}`);
  cpSync(packagePath('src', 'prompts'), out, { recursive: true });
  const file = join(out, 'v1', 'call1.hbs');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/(\{\{!-- system --\}\}\r?\n)/, `$1${marker}: keep this line.\n`));
  return out;
}
