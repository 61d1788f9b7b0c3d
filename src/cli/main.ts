import { Command, CommanderError } from 'commander';
import { describeSystemError, exitCodeFor, formatLocation, isSftLabelError, UsageError } from '../errors/index.js';
import { commandsFor } from './commands/index.js';
import { addExamples } from './examples.js';
import { toolVersion } from './version.js';

/**
 * Build the commander program. Only the command named in `args` is loaded (all of them for help or an unknown
 * command), so a run pays start-up time and memory for its own command alone.
 */
export async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const program = new Command('sft-label')
    .description(
      'Label SFT code conversations with the v3.1 taxonomy (9 dimensions, 221 tags), compare models and prompt ' +
        'versions against a gold set, gate prompt changes in CI, and run production labeling.\n\n' +
        'Exit codes: 0 ok, 1 runtime/infrastructure error, 2 bad usage or invalid config/input, 100 quality gate failed.\n' +
        'Run `sft-label <command> --help` for a command\'s options and examples.',
    )
    .version(toolVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const entry of commandsFor(args)) {
    (await entry.load())(program);
    program.commands.find((c) => c.name() === entry.name)?.summary(entry.summary);
  }
  addExamples(program);
  return program;
}

/** Entry point of bin/sft-label.js. Maps every error to its exit code and a one-paragraph message. */
export async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  try {
    const program = await buildProgram(argv.slice(2));
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (help, version, or a usage problem).
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    return exitCodeFor(new UsageError(err.message));
  }
  if (isSftLabelError(err)) {
    const where = formatLocation(err.context);
    const first = err.message.split('\n')[0] ?? '';
    const prefix = where && !first.includes(err.context.file ?? '\u0000') ? `${where}: ` : '';
    process.stderr.write(`sft-label: ${prefix}${err.message}\n`);
  } else if (describeSystemError(err)) {
    // An output folder without write permission, a path under a file, a full disk: one line naming the path.
    const { message, exitCode } = describeSystemError(err)!;
    process.stderr.write(`sft-label: ${message}\n`);
    return exitCode;
  } else {
    const e = err as Error;
    process.stderr.write(`sft-label: unexpected error: ${e?.stack ?? String(err)}\n`);
  }
  return exitCodeFor(err);
}

/**
 * A reader that stops early (`sft-label taxonomy show --json | head -1`) closes the pipe: writes then fail with
 * EPIPE. That is not an error of ours: further output to that stream is dropped without a stack trace, and the
 * command finishes what it writes to files and exits with its own code. Any other stream error is reported once.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    if (stream !== process.stderr) process.stderr.write(`sft-label: cannot write to ${stream === process.stdout ? 'stdout' : 'a stream'}: ${err.message}\n`);
    process.exitCode = 1;
  });
}
