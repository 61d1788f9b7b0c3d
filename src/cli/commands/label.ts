import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { applyLock, checkPinnedWire, loadLock } from '../../production/index.js';
import { CacheMissError, EndpointRefusedError, TooManyFailuresError, UsageError } from '../../errors/index.js';
import { resolveLabeler, RULES_MODEL, type LabelTraffic } from '../../labelers/index.js';
import { parseShard, runLabel, shardFromEnv } from '../../production/index.js';
import { DEFAULT_MAX_FAILED, failedVerdict, formatMaxFailed, formatReasons, type LabelStats } from '../../records/index.js';
import { preprocess } from '../../preprocess/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { endpointHost } from '../../llm/index.js';
import { createProgress } from '../../util/progress.js';
import { toolVersion } from '../version.js';
import { fractionFlag as fraction, intFlag as int, maxFailedFlag, secondsFlag as seconds } from '../flags.js';
import { installStop, resumeCommand } from '../stop.js';

interface LabelFlags {
  input: string;
  output: string;
  model: string;
  limit?: string;
  shuffle?: boolean;
  seed?: string;
  stats?: string;
  monitor?: string;
  concurrency?: string;
  taxonomy?: string;
  shard?: string;
  fresh?: boolean;
  retryFailed?: boolean;
  progress: boolean;
  baseUrl?: string;
  models?: string;
  prompt?: string;
  promptVersion?: string;
  responseFormat?: string;
  maxRetries?: string;
  timeout?: string;
  deadline?: string;
  maxTokens?: string;
  gateway?: boolean;
  confidenceThreshold?: string;
  arbitration: boolean;
  cache: string;
  cacheDir?: string;
  cacheStore?: string;
  config?: string;
  batch?: boolean;
  batchPollMs?: string;
  sharedLimit?: boolean;
  rpm?: string;
  tpm?: string;
  maxFailed?: string;
}

export function registerLabel(program: Command): void {
  program
    .command('label')
    .description(
      'Label every conversation of a JSON/JSONL file. Writes the input records unchanged plus labels, confidence and ' +
        'labeling_monitor (JSON array or JSONL by the output extension), stats_<name>.json and monitor_<name>.jsonl ' +
        'beside it. A JSONL output is appended line by line: run the same command again to resume after a crash ' +
        '(--fresh to start over; resuming from another input or with other options is refused, exit 2; a second ' +
        'process on the same output is refused, exit 2). Ctrl-C / SIGTERM: no new request is sent, those in flight finish ' +
        '(30 s at most) and are written, the resume command is printed, exit 130; a second Ctrl-C cancels them. Exit 1 when ' +
        'nothing was labeled or more than --max-failed failed, with the most frequent reasons.',
    )
    .requiredOption('--input <file>', 'input .json (array/object) or .jsonl file')
    .requiredOption('--output <file>', 'output file: .json (array, written atomically) or .jsonl (streamed, resumable)')
    .option('--model <id>', `labeler: ${RULES_MODEL} (offline baseline) or a model id from models.yaml`, RULES_MODEL)
    .option('--limit <n>', 'label at most n records')
    .option('--shuffle', 'seeded random order (with --limit: a random sample in constant memory; without: reads the input into memory)')
    .option('--seed <n>', 'shuffle seed', '0')
    .option('--stats <file>', 'stats file (default: stats_<name>.json beside the output)')
    .option('--monitor <file>', 'monitor file (default: monitor_<name>.jsonl beside the output)')
    .option('--concurrency <n>', 'LLM: requests in flight to the endpoint at most (default 30; cut automatically on 429/503/529, grown back on success); rules: samples labeled at once (default 8)')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .option(
      '--shard <K/N|auto>',
      'label only shard K of N (stable hash of the record id), for splitting one dataset over N machines; auto: from the job engine ' +
        '(Kubernetes Indexed Job, Slurm array, or SFT_LABEL_SHARD_INDEX/COUNT, see docs/SCALE.md)',
    )
    .option(
      '--max-failed <n|x%>',
      `exit 1 when more records than this fail (a count, or a fraction: 0.05 or 5%; default ${formatMaxFailed(DEFAULT_MAX_FAILED)}) ` +
        'or when none is labeled, printing the most frequent failure reasons; the outputs are written either way',
    )
    .option('--fresh', 'overwrite an existing output instead of resuming it')
    .option('--retry-failed', 'resume, labeling again the records that failed (labels: null) in the existing output')
    .option('--no-progress', 'no progress bar/lines on stderr (the summary is still printed)')
    .option('--base-url <url>', 'LLM: OpenAI-compatible endpoint (else SFT_LABEL_BASE_URL / OPENAI_BASE_URL / LITELLM_BASE_URL or the registry)')
    .option('--models <file>', 'LLM: model registry (default: the bundled models.yaml)')
    .option('--prompt-version <version>', 'LLM: prompt version (default: the newest)')
    .option('--prompt <version>', 'LLM: same as --prompt-version')
    .option('--response-format <mode>', 'LLM: json_schema or json_object (default: the registry entry)')
    .option('--max-retries <n>', 'LLM: retries after the first attempt of each request (default 3); a 429 is instead re-queued after its Retry-After, up to 20 times')
    .option('--timeout <seconds>', 'LLM: per attempt, response body included (default 180)')
    .option('--deadline <seconds>', 'LLM: whole call, retries and waits included (default: none)')
    .option(
      '--max-tokens <n>',
      'LLM: completion budget per request (default 2048; a production lock sets its own); an answer cut by the budget ' +
        '(finish_reason length, e.g. reasoning models) is retried once with the budget doubled, up to 32768',
    )
    .option(
      '--gateway',
      'LLM: the endpoint is a gateway (OpenRouter, a company proxy): send the registry id as the model name and leave ' +
        'provider extras to it (on by default for LITELLM_BASE_URL; env SFT_LABEL_GATEWAY=1/0)',
    )
    .option('--confidence-threshold <x>', 'LLM: dimensions below it are arbitrated (0..1, default 0.65)')
    .option('--no-arbitration', 'LLM: do not re-ask low-confidence dimensions')
    .option('--cache <mode>', 'LLM: response cache read-write, read-only (a miss fails the sample, exit 1), refresh or off', 'read-write')
    .option('--cache-dir <dir>', 'LLM: cache folder (default: $SFT_LABEL_CACHE_DIR, else the user cache .sft-label/cache)')
    .option('--cache-store <name>', 'LLM: cache store file (default), sqlite, redis (URL in $SFT_LABEL_CACHE_URL)')
    .option(
      '--config <lock>',
      'production lock file (sft-label promote): label with exactly its model entry (wire model, response format, request ' +
        'extras, prices), prompt version and options; needs no --models, and refuses (exit 2) to send another wire model; a promoted cascade asks its second model (cascade.then, pinned by cascade.then_pinned likewise) the low calls',
    )
    .option('--batch', 'LLM: send the requests through the Batch API (/v1/files + /v1/batches) at batch prices; --concurrency is then samples in flight (default 10000)')
    .option(
      '--shared-limit',
      'LLM: share the endpoint\'s request limit with every process using the same Redis ($SFT_LABEL_LIMIT_URL, else $SFT_LABEL_CACHE_URL): ' +
        '--concurrency is then the budget of all shards together, and a 429 seen by one slows them all',
    )
    .option('--rpm <n>', 'LLM: at most n requests per minute to the endpoint and model (with --shared-limit: over every process)')
    .option('--tpm <n>', 'LLM: at most n tokens per minute, counting prompt + max_tokens per request (with --shared-limit: over every process)')
    .option('--batch-poll-ms <ms>', 'LLM --batch: wait between two polls of a batch (default 30000)')
    .action(async (flags: LabelFlags, cmd: Command) => {
      if (flags.fresh && flags.retryFailed) throw new UsageError('--fresh and --retry-failed exclude each other');
      const limit = flags.limit === undefined ? undefined : int('--limit', flags.limit, 0);
      const shard = flags.shard === undefined ? undefined : flags.shard.trim() === 'auto' ? autoShard() : parseShard(flags.shard);
      const select = { limit, shuffle: flags.shuffle ?? false, seed: int('--seed', flags.seed ?? '0', 0), shard };
      if (flags.prompt !== undefined && flags.promptVersion !== undefined && flags.prompt !== flags.promptVersion)
        throw new UsageError(`--prompt ${flags.prompt} and --prompt-version ${flags.promptVersion} disagree`);
      const taxonomy = loadTaxonomy({ path: flags.taxonomy });
      const fromCli = (name: string): boolean => cmd.getOptionValueSource(name) === 'cli';
      const lock = flags.config ? loadLock(flags.config) : null;
      const locked = lock
        ? applyLock(lock, {
            lockPath: flags.config!,
            taxonomyVersion: taxonomy.version,
            ...(lock.pinned || lock.cascade?.then_pinned ? { registry: { registry: await loadRegistry(flags.models), explicit: flags.models !== undefined } } : {}),
            ...(flags.responseFormat !== undefined ? { responseFormat: flags.responseFormat } : {}),
            given: {
              ...(fromCli('model') ? { model: flags.model } : {}),
              ...(flags.promptVersion ?? flags.prompt ? { prompt: flags.promptVersion ?? flags.prompt } : {}),
              ...(fromCli('arbitration') ? { arbitration: flags.arbitration } : {}),
              ...(flags.confidenceThreshold !== undefined ? { confidenceThreshold: fraction('--confidence-threshold', flags.confidenceThreshold) } : {}),
            },
          })
        : null;
      const maxFailed = flags.maxFailed === undefined ? DEFAULT_MAX_FAILED : maxFailedFlag('--max-failed', flags.maxFailed);
      const model = locked?.model ?? flags.model;
      if (flags.batch && model === RULES_MODEL) throw new UsageError('--batch needs an LLM model (the rules labeler makes no requests)');
      const stopHandle = installStop();
      const resolved = await resolveLabeler({
        stop: stopHandle.stop,
        model,
        taxonomy,
        baseUrl: flags.baseUrl,
        models: flags.models,
        // A lock's pinned entries (a cascade's second too) join the registry under their ids and win: `label --config` needs no --models.
        ...(locked && Object.keys(locked.models).length ? { extraModels: locked.models } : {}),
        prompt: locked ? locked.prompt : (flags.promptVersion ?? flags.prompt),
        concurrency: flags.concurrency === undefined ? undefined : int('--concurrency', flags.concurrency, 1),
        responseFormat: flags.responseFormat,
        maxRetries: flags.maxRetries === undefined ? undefined : int('--max-retries', flags.maxRetries, 0),
        timeoutMs: flags.timeout === undefined ? undefined : seconds('--timeout', flags.timeout),
        deadlineMs: flags.deadline === undefined ? undefined : seconds('--deadline', flags.deadline),
        confidenceThreshold: locked?.confidenceThreshold ?? (flags.confidenceThreshold === undefined ? undefined : fraction('--confidence-threshold', flags.confidenceThreshold)),
        arbitration: locked?.arbitration ?? flags.arbitration,
        ...(locked?.then ? { cascade: { then: locked.then } } : {}),
        ...(flags.gateway ? { gateway: true } : {}),
        ...(flags.maxTokens !== undefined ? { maxTokens: int('--max-tokens', flags.maxTokens, 1) } : {}),
        // A production lock pins its budget: it wins over --max-tokens.
        ...(locked ? { temperature: locked.temperature, maxTokens: locked.maxTokens } : {}),
        ...(flags.batch
          ? {
              batch: {
                output: flags.output,
                ...(flags.batchPollMs !== undefined ? { pollMs: int('--batch-poll-ms', flags.batchPollMs, 1) } : {}),
                log: (line: string) => process.stderr.write(`sft-label: ${line}\n`),
              },
            }
          : {}),
        ...(flags.sharedLimit ? { sharedLimit: true } : {}),
        ...(flags.rpm !== undefined ? { rpm: int('--rpm', flags.rpm, 1) } : {}),
        ...(flags.tpm !== undefined ? { tpm: int('--tpm', flags.tpm, 1) } : {}),
        cacheMode: flags.cache,
        cacheDir: flags.cacheDir,
        cacheStore: flags.cacheStore,
        env: process.env,
        cwd: process.cwd(),
      });
      const lockNotes = locked ? [...locked.notes, ...(await checked(() => checkPinnedWire(locked, flags.config!, { wireModel: resolved.wireModel, endpoint: resolved.endpoint, ...(resolved.then ? { then: resolved.then } : {}) }), resolved.close))] : [];
      for (const note of [...lockNotes, ...resolved.notes()]) process.stderr.write(`sft-label: ${note}\n`);
      const total = !flags.progress || shard ? undefined : await estimateRecords(flags.input, limit);
      const progress = flags.progress
        ? createProgress({ stream: process.stderr, label: 'label', total, note: () => trafficShort(resolved.traffic?.() ?? null) })
        : undefined;
      // First Ctrl-C / SIGTERM: no new request, those in flight finish (30 s at most) and are written, exit 130; a
      // second one cancels them. Outputs stay resumable either way.
      const { stop, dispose } = stopHandle;
      const run = runLabel({
        input: flags.input,
        output: flags.output,
        stats: flags.stats,
        monitor: flags.monitor,
        labeler: resolved.labeler,
        model: locked?.then ? `${model} -> ${locked.then}` : model,
        taxonomy,
        preprocess,
        select,
        concurrency: resolved.concurrency,
        fresh: flags.fresh ?? false,
        retryFailed: flags.retryFailed ?? false,
        toolVersion: toolVersion(),
        progress,
        signal: stop.soft,
        // A batch answers nothing until it completes: holding samples back until a first answer would starve it.
        failFast: !flags.batch,
        // What shapes the answers: resuming an output made with other values is refused (exit 2).
        ...(resolved.settings ? { settings: resolved.settings } : {}),
      });
      const { stats, paths, interrupted, stopped } = await run.finally(async () => {
        dispose();
        await resolved.close();
      });
      const line = interrupted
        ? `interrupted: ${stats.records_in} records done and written (${stats.labeled} labeled, ${stats.failed} failed; stats ${paths.stats}).\n` +
          `resume with: ${resumeCommand()}`
        : summary(stats, paths);
      if (progress) progress.finish(line);
      else process.stderr.write(`${line}\n`);
      const traffic = trafficNote(resolved.traffic?.() ?? null);
      if (traffic) process.stderr.write(`sft-label: ${traffic}\n`);
      if (interrupted) {
        process.exitCode = 130;
        return;
      }
      if (stopped) {
        const host = resolved.endpoint ? endpointHost(resolved.endpoint) : null;
        throw new EndpointRefusedError(
          `${stopped.summary}${host ? ` (endpoint ${host})` : ''}. Nothing more was sent. After fixing it, run the same command ` +
            `with --retry-failed to label the ${stopped.samples} failed record(s) again and the rest.`,
        );
      }
      const misses = resolved.cacheMisses();
      if (misses.length) throw new CacheMissError(`--cache read-only: ${misses.length} request(s) not in the cache; those samples failed:\n${misses.slice(0, 10).join('\n')}`, misses);
      const verdict = failedVerdict({ labeled: stats.labeled, failed: stats.labeler_failed }, maxFailed);
      if (verdict) {
        const top = stats.failure_reasons.slice(0, 5);
        throw new TooManyFailuresError(
          `${verdict}. Most frequent reasons:\n${formatReasons(top)}\n` +
            `(all failures in ${paths.stats}; fix the cause, then label them again with: ${resumeCommand(undefined, ['--fresh', '--retry-failed'])} --retry-failed)`,
          top,
        );
      }
    });
}

/** The model registry a lock's id would otherwise resolve through (loaded only to compare with the lock). */
async function loadRegistry(path: string | undefined): Promise<import('../../llm/index.js').ModelRegistry> {
  const { loadModelRegistry } = await import('../../llm/index.js');
  return loadModelRegistry({ path });
}

/** Run a check; when it throws, release what `close` holds first (an open cache or Redis keeps the process alive). */
async function checked<T>(fn: () => T, close: () => Promise<void>): Promise<T> {
  try {
    return fn();
  } catch (err) {
    await close();
    throw err;
  }
}

/** `--shard auto`: the job engine's task, said on stderr so a log shows which part a task labeled. */
function autoShard(): { k: number; n: number } {
  const { k, n, source } = shardFromEnv(process.env);
  process.stderr.write(`sft-label: --shard auto: shard ${k}/${n} (${source})\n`);
  return { k, n };
}

/** For the progress line, once the endpoint has pushed back: `12 x 429/503, 21/30 in flight`. */
function trafficShort(t: LabelTraffic | null): string | null {
  return t && t.overloads > 0 ? `endpoint pushed back ${t.overloads}x, ${t.limit}/${t.maxLimit} requests in flight allowed` : null;
}

/** A line about the endpoint pushing back (429/503/529), or null when it never did. */
function trafficNote(t: LabelTraffic | null): string | null {
  if (!t || t.overloads === 0) return null;
  const other = t.overloads - t.rateLimited;
  return (
    `the endpoint pushed back ${t.overloads} time(s) (${t.rateLimited} x 429${other ? `, ${other} x 503/529` : ''}) over ${t.requests} ` +
    `requests; requests in flight were cut automatically and stand at ${t.limit} of --concurrency ${t.maxLimit} ` +
    `(a lower --concurrency avoids the retries)`
  );
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
