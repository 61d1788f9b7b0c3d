import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../../util/paths.js';

export { runCli, type CliRun as CliResult } from '../../cli/__fixtures__/run-cli.js';

/** A copy of the bundled prompt versions with `marker` written at the top of v1's call-1 system prompt. */
export function promptsWithMarker(dir: string, marker: string): string {
  const out = join(dir, `prompts-${marker}`);
  cpSync(packagePath('src', 'prompts'), out, { recursive: true });
  const file = join(out, 'v1', 'call1.hbs');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/(\{\{!-- system --\}\}\r?\n)/, `$1${marker}: keep this line.\n`));
  return out;
}
