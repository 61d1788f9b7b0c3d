import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runCliSync } from './__fixtures__/run-cli.js';
import { allCommands, commandPath } from './examples.js';
import { buildProgram } from './main.js';

/** The full --help text of `cmd` as commander prints it (sections added with addHelpText included). */
function helpOf(cmd: Command): string {
  let out = '';
  cmd.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  cmd.outputHelp();
  return out;
}
const hasExamples = (help: string): boolean => /^ {2}(\S+=\S+ )*sft-label /m.test(help.split(/^Examples:$/m)[1] ?? '');

// Every command and subcommand shows an Examples section in its --help (the README promises it): the test walks the
// whole commander program, so a new command without examples fails here.
describe('--help of every command', () => {
  it('has an Examples section with at least one sft-label line', async () => {
    const program = await buildProgram([]);
    const commands = allCommands(program);
    expect(commands.length).toBeGreaterThan(25);
    const missing = commands.filter((c) => !hasExamples(helpOf(c))).map((c) => commandPath(c) || '(program)');
    expect(missing).toEqual([]);
  });

  it('the built CLI prints them (a subcommand, a command, the program)', () => {
    for (const args of [['gold', 'bump', '--help'], ['label', '--help'], ['--help']]) {
      const r = runCliSync(args);
      expect(r.code).toBe(0);
      expect(hasExamples(r.stdout), args.join(' ')).toBe(true);
    }
  });
});
