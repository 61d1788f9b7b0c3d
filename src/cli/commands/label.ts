import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { CacheMissError, UsageError } from '../../errors/index.js';
import { parseShard, resolveLabeler, runLabel, RULES_MODEL, type LabelStats } from '../../label/index.js';
import { preprocess } from '../../preprocess/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { createProgress } from '../../util/progress.js';
import { toolVersion } from '../version.js';

interface LabelFlags {
  input: string;
  output: string;
  model: string;
  limit?: string;
  shuffle?: boolean;
  seed?: string;
  stats?: string;
  monitor?: string;
  concurrency: string;
  taxonomy?: string;
  shard?: string;
  fresh?: boolean;
  retryFailed?: boolean;
  progress: boolean;
  baseUrl?: string;
  models?: string;
  prompt?: string;
  cache: string;
  cacheDir?: string;
  cacheStore?: string;
}

export function registerLabel(program: Command): void {
  program
    .command('label')
    .description(
      'Label every conversation of a JSON/JSONL file. Writes the input records unchanged plus labels, confidence and ' +
        'labeling_monitor (JSON array or JSONL by the output extension), stats_<name>.json and monitor_<name>.jsonl ' +
        'beside it. A JSONL output is appended line by line: run the same command again to resume after a crash ' +
        '(--fresh to start over).',
    )
    .requiredOption('--input <file>', 'input .json (array/object) or .jsonl file')
    .requiredOption('--output <file>', 'output file: .json (array, written atomically) or .jsonl (streamed, resumable)')
    .option('--model <id>', `labeler: ${RULES_MODEL} (offline baseline) or a model id from models.yaml`, RULES_MODEL)
    .option('--limit <n>', 'label at most n records')
    .option('--shuffle', 'seeded random order (with --limit: a random sample in constant memory; without: reads the input into memory)')
    .option('--seed <n>', 'shuffle seed', '0')
    .option('--stats <file>', 'stats file (default: stats_<name>.json beside the output)')
    .option('--monitor <file>', 'monitor file (default: monitor_<name>.jsonl beside the output)')
    .option('--concurrency <n>', 'samples labeled at once', '8')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .option('--shard <K/N>', 'label only shard K of N (stable hash of the record id), for splitting one dataset over N machines')
    .option('--fresh', 'overwrite an existing output instead of resuming it')
    .option('--retry-failed', 'resume, labeling again the records that failed (labels: null) in the existing output')
    .option('--no-progress', 'no progress bar/lines on stderr (the summary is still printed)')
    .option('--base-url <url>', 'LLM: OpenAI-compatible endpoint (else SFT_LABEL_BASE_URL / OPENAI_BASE_URL / LITELLM_BASE_URL or the registry)')
    .option('--models <file>', 'LLM: model registry (default: the bundled models.yaml)')
    .option('--prompt <version>', 'LLM: prompt version (default: the newest)')
    .option('--cache <mode>', 'LLM: response cache read-write, read-only (a miss fails the sample, exit 1), refresh or off', 'read-write')
    .option('--cache-dir <dir>', 'LLM: cache folder (default: $SFT_LABEL_CACHE_DIR, else cache/)')
    .option('--cache-store <name>', 'LLM: cache store file (default), sqlite, redis (URL in $SFT_LABEL_CACHE_URL)')
    .action(async (flags: LabelFlags) => {
      if (flags.fresh && flags.retryFailed) throw new UsageError('--fresh and --retry-failed exclude each other');
      const limit = flags.limit === undefined ? undefined : int('--limit', flags.limit, 0);
      const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
      const select = { limit, shuffle: flags.shuffle ?? false, seed: int('--seed', flags.seed ?? '0', 0), shard };
      const concurrency = int('--concurrency', flags.concurrency, 1);
      const taxonomy = loadTaxonomy({ path: flags.taxonomy });
      const resolved = await resolveLabeler({
        model: flags.model,
        taxonomy,
        baseUrl: flags.baseUrl,
        models: flags.models,
        prompt: flags.prompt,
        cacheMode: flags.cache,
        cacheDir: flags.cacheDir,
        cacheStore: flags.cacheStore,
        env: process.env,
        cwd: process.cwd(),
      });
      for (const note of resolved.notes()) process.stderr.write(`sft-label: ${note}\n`);
      const total = !flags.progress || shard ? undefined : await estimateRecords(flags.input, limit);
      const progress = flags.progress ? createProgress({ stream: process.stderr, label: 'label', total }) : undefined;
      // First Ctrl-C / SIGTERM stops cleanly (outputs stay resumable); a second one kills as usual.
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const run = runLabel({
        input: flags.input,
        output: flags.output,
        stats: flags.stats,
        monitor: flags.monitor,
        labeler: resolved.labeler,
        model: flags.model,
        taxonomy,
        preprocess,
        select,
        concurrency,
        fresh: flags.fresh ?? false,
        retryFailed: flags.retryFailed ?? false,
        toolVersion: toolVersion(),
        progress,
        signal: controller.signal,
      });
      const { stats, paths, interrupted } = await run.finally(async () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await resolved.close();
      });
      const line = interrupted
        ? `interrupted after ${stats.records_in} records; run the same command again to resume (stats ${paths.stats})`
        : summary(stats, paths);
      if (progress) progress.finish(line);
      else process.stderr.write(`${line}\n`);
      if (interrupted) process.exitCode = 130;
      const misses = resolved.cacheMisses();
      if (misses.length) throw new CacheMissError(`--cache read-only: ${misses.length} request(s) not in the cache; those samples failed:\n${misses.slice(0, 10).join('\n')}`, misses);
    });
}

function int(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} ${text}: expected a whole number >= ${min}`);
  return n;
}

function summary(s: LabelStats, paths: { output: string; stats: string; monitor: string }): string {
  const resumed = s.resumed ? `, ${s.resumed} from the earlier output` : '';
  const cost = s.cost.total_usd > 0 ? `, $${s.cost.total_usd.toFixed(4)}` : '';
  return (
    `labeled ${s.labeled}/${s.records_in} records (${s.failed} failed${resumed}) in ${s.elapsed_s.toFixed(1)}s, ` +
    `${s.throughput.records_per_s.toFixed(1)} records/s${cost} -> ${paths.output} (stats ${paths.stats}, monitor ${paths.monitor})`
  );
}

/** Progress total for JSONL inputs: a fast newline count (blank lines make it an upper bound). Unknown for JSON. */
async function estimateRecords(file: string, limit: number | undefined): Promise<number | undefined> {
  if (!/\.(jsonl|ndjson)$/i.test(file)) return limit;
  let lines = 0;
  let last = 0x0a;
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) lines++;
      if (chunk.length) last = chunk[chunk.length - 1]!;
    }
  } catch {
    return limit; // the run itself reports an unreadable input, with its position
  }
  if (last !== 0x0a) lines++;
  return limit === undefined ? lines : Math.min(limit, lines);
}
