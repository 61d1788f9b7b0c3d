import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { openCache, resolveCacheDir, type Cache, type CacheMode } from '../cache/index.js';
import { sha256Hex } from '../conversation/index.js';
import { ConfigError } from '../errors/index.js';
import { goldMaps, goldVersion, loadGoldSet, readGoldConversations, type GoldSet } from '../gold/index.js';
import { loadModelRegistry, type ModelRegistry } from '../llm/index.js';
import { listPromptVersions, loadPromptVersion, type PromptVersion } from '../prompts/index.js';
import { loadTaxonomy, type Labels, type Taxonomy } from '../taxonomy/index.js';
import type { SampleScope } from './clients.js';
import { prepareConfigs, type ConfigRuntime } from './configs.js';
import { loadExperiment, PROMPTLESS_MODELS, type Experiment } from './experiment.js';
import { limiterPolicy, LimiterPool, overloadWithoutPause } from '../llm/index.js';
import { expandMatrix } from './matrix.js';
import type { RunnerSample } from './jobs.js';
import type { GoldInfoSchema } from './results.js';
import type { z } from 'zod';
import type { Stop } from '../util/stop.js';

/** Everything a run needs, opened once. `close()` releases the cache. */
export interface RunSetup {
  experiment: Experiment;
  experimentSha256: string;
  taxonomy: Taxonomy;
  prompts: Map<string, PromptVersion>;
  gold: z.infer<typeof GoldInfoSchema>;
  /** The gold set as read (all of it: its samples for the report's excerpts, its annotation passes for the ceiling). */
  goldSet: GoldSet;
  /** Gold labels of the samples this run labels (after options.limit). */
  goldLabels: Map<string, Labels>;
  samples: RunnerSample[];
  runtimes: ConfigRuntime[];
  cache: Cache | null;
  limiters: LimiterPool;
  scope: AsyncLocalStorage<SampleScope>;
  concurrency: number;
  repeats: number;
  close(): Promise<void>;
}

export interface SetupOptions {
  experimentFile: string;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  cacheMode: CacheMode;
  cacheDir?: string;
  cacheStore?: string;
  concurrency?: number;
  limit?: number;
  baseUrl?: string;
  /** Model registry file; default the bundled models.yaml. */
  models?: string;
  /** Folder of prompt versions; default the bundled src/prompts. */
  promptsDir?: string;
  /** Ctrl-C (src/util/stop.ts): stops requests in the client stack of every configuration. */
  stop?: Stop;
}

/** Load experiment -> taxonomy, registry, prompts -> gold -> configurations with their labelers. */
export async function openRun(options: SetupOptions): Promise<RunSetup> {
  const taxonomy = loadTaxonomy();
  const registry: ModelRegistry = loadModelRegistry({ path: options.models });
  const promptDir = options.promptsDir ? { dir: options.promptsDir } : {};
  const experiment = loadExperiment(options.experimentFile, {
    models: Object.keys(registry.models),
    prompts: listPromptVersions(promptDir),
    taxonomies: [taxonomy.version],
  });
  const configs = expandMatrix(experiment);
  const prompts = new Map(
    [...new Set(configs.flatMap((c) => (c.prompt ? [c.prompt] : [])))].map((name) => [name, loadPromptVersion(name, promptDir)] as const),
  );
  const limit = options.limit ?? experiment.options.limit ?? undefined;
  const { samples, goldLabels, gold: goldRead, set: goldSet } = await readGold(experiment.goldPath, taxonomy, limit);
  // The path as the experiment writes it: metrics.json must not change with the folder the run was started in.
  const gold = { ...goldRead, path: experiment.gold };
  const concurrency = options.concurrency ?? experiment.options.concurrency;
  const needsModels = configs.some((c) => !PROMPTLESS_MODELS.includes(c.model));
  const cache =
    needsModels && options.cacheMode !== 'off'
      ? await openCache({
          store: options.cacheStore ?? 'file',
          dir: resolveCacheDir({ flag: options.cacheDir, experiment: experiment.cachePath, env: options.env, cwd: options.cwd }),
          url: options.env.SFT_LABEL_CACHE_URL,
        })
      : null;
  // Cut by 0.7 rather than halve (as TCP CUBIC does): without the endpoint-wide pause the limit settles just under the
  // server's capacity, and a gentler cut keeps more of it busy (bench/runner-429).
  const limiters = new LimiterPool({ policy: limiterPolicy(concurrency, { decrease: 0.7 }), classify: overloadWithoutPause });
  const scope = new AsyncLocalStorage<SampleScope>();
  try {
    const runtimes = await prepareConfigs(configs, {
      taxonomy, registry, prompts, env: options.env, baseUrl: options.baseUrl, cwd: options.cwd,
      cache, cacheMode: options.cacheMode, limiters, scope, ...(options.stop ? { stop: options.stop } : {}),
    });
    return {
      experiment,
      experimentSha256: sha256Hex(readFileSync(experiment.file, 'utf8')),
      taxonomy, prompts, gold, goldSet, goldLabels, samples, runtimes, cache, limiters, scope, concurrency,
      repeats: experiment.options.repeats,
      close: async () => {
        await cache?.close();
      },
    };
  } catch (err) {
    await cache?.close();
    throw err;
  }
}

/** The gold set's samples (first `limit` in file order) with their signals, gold labels and version. */
async function readGold(dir: string, taxonomy: Taxonomy, limit: number | undefined) {
  const set = loadGoldSet(dir);
  const { samples: read, problems } = await readGoldConversations(set, taxonomy);
  if (problems.length) throw new ConfigError(`gold set ${dir}: ${problems.length} sample(s) cannot be read`, problems, { file: set.files.samples });
  const maps = goldMaps(set);
  const chosen = limit === undefined ? read : read.slice(0, limit);
  const samples: RunnerSample[] = chosen.map((s) => ({ id: s.id, record: (maps.samples.get(s.id) as Record<string, unknown> | undefined) ?? { id: s.id }, conversation: s.conversation, signals: s.signals }));
  const ids = new Set(samples.map((s) => s.id));
  const goldLabels = new Map([...maps.labels].filter(([id]) => ids.has(id)));
  const v = goldVersion(dir);
  return { set, samples, goldLabels, gold: { name: v.name, version: v.version, labels_sha256: v.labels_sha256, path: dir, samples: samples.length } };
}
