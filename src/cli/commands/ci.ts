import type { Command } from 'commander';
import { CACHE_MODES, type CacheMode } from '../../cache/index.js';
import { ConfigError, GateFailedError } from '../../errors/index.js';
import { regressionLines, runCiGate, underpoweredLines } from '../../gate/index.js';
import { CORRECTIONS } from '../../score/index.js';
import { addCacheOptions, type CacheFlags } from './cache.js';
import { choiceFlag } from '../flags.js';

interface CiFlags extends CacheFlags {
  baseline?: string;
  junit?: string;
  correction?: string;
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
        'exit 100 when a dimension drops by more than the gate: by default its metric drops by > 0.02 and a paired ' +
        'per-sample agreement test (repeats averaged when the experiment has them) is significant at 0.05 after Holm ' +
        'correction over every check of the run (gates.correction: holm | bh | none). gates.candidates gates a new ' +
        'configuration (e.g. a new prompt version) against another one of the same run, e.g. the production one. ' +
        'Exit 1: infrastructure (cache miss, endpoint down); 2: bad experiment or baseline file. ' +
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
      '  sft-label ci experiments/ci.yaml --correction bh        # false discovery rate instead of Holm',
      '  # experiments/x.yaml: gates: {max_drop: 0.05, underpowered: fail}  -> exit 2 while the gold set is too small',
      '',
      'Gate a new prompt version against production, in the experiment file (docs/CI.md):',
      '  gates:',
      '    candidates:',
      '      - { config: deepseek-v3.2__v3, compare_to: deepseek-v3.2__v2 }   # or compare_to: production.lock.yaml',
    ].join('\n'))
    .option('--baseline <file>', "baseline to compare with (default: the experiment's `baseline`)")
    .option('--junit <file>', 'write JUnit XML: one test case per configuration x dimension gate')
    .option('--correction <method>', `multiple-comparison control over the run's checks, overriding gates.correction: ${CORRECTIONS.join(', ')}`)
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
      ...(flags.correction ? { correction: choiceFlag('--correction', flags.correction, CORRECTIONS) } : {}),
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
