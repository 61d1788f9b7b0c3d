import { relative } from 'node:path';
import type { Command } from 'commander';
import { updateBaseline } from '../../gate/index.js';
import { addCacheOptions, type CacheFlags } from './cache.js';
import { explicitCacheMode } from './ci.js';

interface UpdateFlags extends CacheFlags {
  baseline?: string;
  fromCache?: string;
  prune?: boolean;
  out?: string;
  models?: string;
  promptsDir?: string;
  baseUrl?: string;
  progress: boolean;
}

export function registerBaseline(program: Command): void {
  const baseline = program.command('baseline').description('Pin the baseline that `sft-label ci` compares with.');
  const update = baseline
    .command('update')
    .argument('<experiment>', 'experiment YAML file (e.g. experiments/ci.yaml)')
    .description(
      "Run the experiment (read-write cache: needs an API key for answers not cached yet) and write the experiment's " +
        '`baseline` file: per configuration the metrics, the per-sample labels the paired test needs, and the tool, ' +
        'taxonomy, prompt and gold versions. Keeps exactly the cache entries a replay needs in the experiment\'s own ' +
        'cache folder (--cache-dir, else the experiment\'s `cache:`, else cache/<name>/; never the user cache ' +
        '.sft-label/cache), deleting the ones it no longer uses. Commit both: CI then replays with no key.',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ SFT_LABEL_API_KEY=... sft-label baseline update experiments/ci.yaml\n' +
        '  $ sft-label baseline update experiments/ci.yaml --from-cache .sft-label/cache   # answers you already paid for\n' +
        '  $ git add experiments/baselines/ci.json cache/ci\n',
    )
    .option('--baseline <file>', "where to write the baseline (default: the experiment's `baseline`)")
    .option('--from-cache <dir>', 'working cache to run against and copy entries from (default: the --cache-dir folder itself)')
    .option('--prune', "delete entries of the cache folder that the experiment does not use (default for the experiment's own folder)")
    .option('--no-prune', 'keep entries the experiment does not use (default with --cache-dir: a folder shared with other experiments)')
    .option('--out <dir>', 'output folder of the run (default: reports/<experiment>)')
    .option('--models <file>', 'model registry (default: the bundled models.yaml)')
    .option('--prompts-dir <dir>', 'folder of prompt versions (default: the bundled src/prompts)')
    .option('--base-url <url>', 'OpenAI-compatible endpoint for every LLM configuration')
    .option('--no-progress', 'no progress lines on stderr');
  addCacheOptions(update).action(async (experiment: string, flags: UpdateFlags) => {
    const r = await updateBaseline({
      experimentFile: experiment,
      env: process.env,
      baseline: flags.baseline,
      cacheMode: explicitCacheMode(update, flags),
      cacheDir: flags.cacheDir,
      fromCache: flags.fromCache,
      ...(flags.prune !== undefined ? { prune: flags.prune } : {}),
      outDir: flags.out,
      models: flags.models,
      promptsDir: flags.promptsDir,
      baseUrl: flags.baseUrl,
      progress: flags.progress ? process.stderr : undefined,
    });
    const rel = (p: string) => relative(process.cwd(), p) || p;
    const e = r.export;
    const configs = Object.keys(r.baseline.configs);
    process.stdout.write(
      `baseline ${rel(r.baselinePath)}: ${configs.length} configuration(s) (${configs.join(', ')}), gold ${r.baseline.gold.name} ${r.baseline.gold.version}, ${r.baseline.gold.samples} samples\n` +
        `cache ${rel(r.cacheDir)}: ${r.baseline.cache_keys.length} entries needed (${e.copied} copied, ${e.present} already there${r.pruned ? `, ${e.pruned} pruned` : ''})\n` +
        `commit both: git add ${rel(r.baselinePath)} ${rel(r.cacheDir)}\n`,
    );
  });
}
