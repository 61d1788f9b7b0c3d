import type { Command } from 'commander';
import { CACHE_MODES, type CacheMode } from '../../cache/index.js';
import { ConfigError, GateFailedError } from '../../errors/index.js';
import { regressionLines, runCiGate, underpoweredLines } from '../../gate/index.js';
import { addCacheOptions, type CacheFlags } from './cache.js';
import { choiceFlag } from '../flags.js';

interface CiFlags extends CacheFlags {
  baseline?: string;
  junit?: string;
  out?: string;
  models?: string;
  promptsDir?: string;
  baseUrl?: string;
  progress: boolean;
}

export function registerCi(program: Command): void {
  const cmd = program
    .command('ci')
    .argument('<experiment>', 'experiment YAML file (e.g. experiments/ci.yaml)')
    .description(
      'Quality gate for prompt and model changes: run the experiment (replaying the response cache read-only when no ' +
        'API key is set, read-write when one is), compare each configuration x dimension with the pinned baseline, and ' +
        'exit 100 when a dimension drops by more than the gate (default: > 0.02 with a paired bootstrap 95% CI ' +
        'excluding 0). Exit 1: infrastructure (cache miss, endpoint down); 2: bad experiment or baseline file. ' +
        'Writes reports/<experiment>/gate.json and gate.md; appends the summary to $GITHUB_STEP_SUMMARY when set.\n' +
        'Also prints what the gold set can detect: per configuration x dimension, the minimum drop the paired test flags\n' +
        'with 80% power, and warns when a max_drop is below it (with the gold samples that would be needed);\n' +
        '`gates.underpowered: fail` in the experiment turns the warning into exit 2.',
    )
    .addHelpText('after', [
      '',
      'Examples:',
      '  sft-label ci experiments/ci.yaml --no-progress          # replay the committed cache, 0 requests',
      '  sft-label ci experiments/ci.yaml --junit reports/junit.xml',
      '  # experiments/x.yaml: gates: {max_drop: 0.05, underpowered: fail}  -> exit 2 while the gold set is too small',
    ].join('\n'))
    .option('--baseline <file>', "baseline to compare with (default: the experiment's `baseline`)")
    .option('--junit <file>', 'write JUnit XML: one test case per configuration x dimension gate')
    .option('--out <dir>', 'output folder (default: reports/<experiment>)')
    .option('--models <file>', 'model registry (default: the bundled models.yaml)')
    .option('--prompts-dir <dir>', 'folder of prompt versions (default: the bundled src/prompts)')
    .option('--base-url <url>', 'OpenAI-compatible endpoint for every LLM configuration')
    .option('--no-progress', 'no progress lines on stderr');
  addCacheOptions(cmd);
  describeAutoCacheMode(cmd);
  cmd.action(async (experiment: string, flags: CiFlags) => {
    const result = await runCiGate({
      experimentFile: experiment,
      env: process.env,
      baseline: flags.baseline,
      cacheMode: explicitCacheMode(cmd, flags),
      cacheDir: flags.cacheDir,
      cacheStore: flags.cacheStore,
      outDir: flags.out,
      junit: flags.junit,
      stepSummary: process.env.GITHUB_STEP_SUMMARY || undefined,
      models: flags.models,
      promptsDir: flags.promptsDir,
      baseUrl: flags.baseUrl,
      progress: flags.progress ? process.stderr : undefined,
    });
    const how = result.keyVariable ? `key from ${result.keyVariable}` : 'no API key in the environment';
    process.stderr.write(`sft-label ci: cache ${result.cacheMode} (${how}), ${result.httpRequests} HTTP request(s); report in ${result.outDir}\n`);
    process.stdout.write(result.text);
    if (!result.report.passed) {
      const lines = regressionLines(result.report);
      throw new GateFailedError(`quality gate failed: ${lines.length} regression(s):\n${lines.map((l) => `  - ${l}`).join('\n')}`, result.report.checks.filter((c) => c.status === 'fail'));
    }
    const under = underpoweredLines(result.power);
    if (under.length && result.power.mode === 'fail') {
      throw new ConfigError(`gate underpowered (gates.underpowered: fail): ${under.length} gate(s) cannot detect the drop they promise to catch; grow the gold set (sft-label gold suggest) or raise max_drop`, under, { file: experiment });
    }
  });
}

/**
 * The cache mode the user asked for, or undefined to let ci choose (read-only without a key, read-write with one).
 * `--cache` has a default for the other commands, so "asked for" is decided by where commander got the value.
 */
export function explicitCacheMode(cmd: Command, flags: CacheFlags): CacheMode | undefined {
  if (flags.cacheOnly) return 'read-only';
  if (cmd.getOptionValueSource('cache') === 'default' || flags.cache === undefined) return undefined;
  return choiceFlag('--cache', flags.cache, CACHE_MODES);
}

/** `--cache` keeps its flag, but ci picks the mode from the environment when it is not given: say so in --help. */
function describeAutoCacheMode(cmd: Command): void {
  const opt = cmd.options.find((o) => o.long === '--cache');
  if (!opt) return;
  opt.defaultValue = undefined;
  opt.description = `response cache mode: ${CACHE_MODES.join(', ')} (default: read-only without an API key in the environment, read-write with one)`;
}
