import type { Command } from 'commander';
import type { CacheMode } from '../../cache/index.js';
import { renderRunSummary, runExperiment } from '../../runner/index.js';
import { EndpointRefusedError } from '../../errors/index.js';
import { toolVersion } from '../version.js';
import { addCacheOptions, type CacheFlags } from './cache.js';
import { cacheModeFlag, optionalIntFlag } from '../flags.js';
import { installStop, resumeCommand } from '../stop.js';

interface RunFlags extends CacheFlags {
  fresh?: boolean;
  concurrency?: string;
  limit?: string;
  baseUrl?: string;
  models?: string;
  promptsDir?: string;
  out?: string;
  progress: boolean;
}

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .argument('<experiment.yaml>', 'experiment file (see experiments/)')
    .description(
      [
        'Run every configuration of an experiment (models x prompt versions x option',
        'axes) over its gold set and score it. Every model call goes through the',
        'response cache, so a re-run pays only for what changed.',
        '',
        'Writes reports/<experiment>/ (or --out):',
        '  runs/<config>.jsonl  labeled samples, appended as they finish',
        '  metrics.json         scores per configuration + paired comparison with the',
        '                       baseline configuration (the first one) + ranking: the best',
        '                       overall against every other one (Holm); ties are named in',
        '                       the summary and the reports, and promote refuses them',
        '                       unless --allow-tie + calibration of the confidences per',
        '                       dimension (ece, brier, auroc)',
        '  report.html/.md      tables and charts, with a verdict per configuration on',
        '                       whether its confidence is informative',
        '  run.json             versions, timings, cache hits, requests, 429s, cost',
        '  history/<id>/        every scored run kept (id = start time, UTC); the files',
        '                       above are the latest (`report DIR --list`, `--run <id>`)',
        '',
        'Resumes: run the same command again after a crash or Ctrl-C and finished',
        'samples are not labeled again (--fresh starts over). With --cache read-only',
        '(CI replay) nothing is sent: missing entries are listed, exit 1. A bad',
        'experiment file exits 2 listing every problem.',
        '',
        'Ctrl-C (or SIGTERM): no new request is sent, those in flight finish (30 s at',
        'most) and are written, the resume command is printed, exit 130; a second',
        'Ctrl-C cancels them. A configuration with nothing labeled or more than 10%',
        'failed is marked FAILED in every report (promote refuses it). A second run',
        'into the same report folder is refused (exit 2) while the first lives.',
        '',
        'Endpoint and key come from the environment (SFT_LABEL_BASE_URL with',
        'SFT_LABEL_API_KEY, OPENAI_*, LITELLM_*) or the model registry; the key is',
        'never written anywhere.',
        '',
        "Cache folder: --cache-dir, else the experiment's `cache:` (relative to the",
        'file; experiments/ci.yaml: cache/ci/), else $SFT_LABEL_CACHE_DIR, else the',
        "user cache .sft-label/cache (ignored by git).",
        '',
        'Examples:',
        '  sft-label run experiments/rules-baseline.yaml     (offline, no key)',
        '  sft-label run experiments/deepseek-vs-sonnet.yaml --limit 10',
        '  sft-label run experiments/ci.yaml --cache-only    (replay its cache: cache/ci/)',
      ].join('\n'),
    )
    .option('--fresh', 'start over: delete earlier runs of this experiment instead of resuming them')
    .option('--concurrency <n>', "most requests in flight per endpoint (overrides the experiment's options.concurrency)")
    .option('--limit <n>', 'label only the first n gold samples (overrides options.limit)')
    .option('--base-url <url>', 'OpenAI-compatible endpoint for every model (else SFT_LABEL_BASE_URL / ... / the registry)')
    .option('--models <file>', 'model registry (default: the bundled models.yaml)')
    .option('--prompts-dir <dir>', 'folder of prompt versions (default: the bundled src/prompts)')
    .option('--out <dir>', 'output folder (default: reports/<experiment name>)')
    .option('--no-progress', 'no progress lines on stderr');
  addCacheOptions(cmd).action(async (file: string, flags: RunFlags) => {
    // First Ctrl-C / SIGTERM: no new request, those in flight finish (30 s at most) and are written, exit 130; a
    // second one cancels them.
    const { stop, dispose } = installStop();
    try {
      const result = await runExperiment({
        experimentFile: file,
        env: process.env,
        cacheMode: cacheMode(flags),
        cacheDir: flags.cacheDir,
        cacheStore: flags.cacheStore,
        fresh: flags.fresh ?? false,
        concurrency: positiveInt('--concurrency', flags.concurrency),
        limit: positiveInt('--limit', flags.limit),
        baseUrl: flags.baseUrl,
        models: flags.models,
        promptsDir: flags.promptsDir,
        outDir: flags.out,
        progress: flags.progress ? process.stderr : undefined,
        stop,
        toolVersion: toolVersion(),
      });
      if (result.interrupted) {
        process.stderr.write(`interrupted: finished samples are written to ${result.outDir}/runs.\nresume with: ${resumeCommand()}\n`);
        process.exitCode = 130;
        return;
      }
      if (result.metrics) process.stdout.write(renderRunSummary(result.metrics, result.run));
      for (const [name, c] of Object.entries(result.run.configs)) {
        if (c.failed) process.stderr.write(`sft-label: ${name}: ${c.failed} of ${c.samples} samples failed (reasons in labeling_monitor.error of ${result.paths.runs[name]}); they are labeled again on the next run\n`);
      }
      if (result.report) {
        process.stderr.write(`wrote ${result.paths.metrics}, ${result.paths.run}, ${result.report.html} and ${result.report.markdown}\n`);
      } else {
        process.stderr.write(`wrote ${result.paths.run}\n`);
      }
      if (result.history) process.stderr.write(`kept this run in ${result.history} (sft-label report ${result.outDir} --list)\n`);
      const stopped = Object.entries(result.run.configs).filter(([, c]) => c.stopped);
      if (stopped.length)
        throw new EndpointRefusedError(
          `${stopped.length} configuration(s) stopped early, the others are reported:\n` +
            stopped.map(([name, c]) => `  - ${name}: ${c.stopped}`).join('\n') +
            '\nfix it, then run the same command again: the stopped configurations are labeled again, the finished ones are not',
        );
    } finally {
      dispose();
    }
  });
}

const cacheMode = (flags: CacheFlags): CacheMode => cacheModeFlag(flags);
const positiveInt = (flag: string, text: string | undefined): number | undefined => optionalIntFlag(flag, text, 1);
