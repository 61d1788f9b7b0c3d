import { UsageError } from '../errors/index.js';
import type { Shard } from './select.js';

/**
 * `--shard auto`: this task's shard from the job engine that started it, so a Kubernetes Indexed Job, a Slurm array
 * or a CI matrix runs one unchanged command per task (docs/SCALE.md, examples in docs/examples/). Looked up in order:
 * 1. `SFT_LABEL_SHARD_INDEX` (0-based) and `SFT_LABEL_SHARD_COUNT`: any engine. A GitHub Actions matrix sets them
 *    from `strategy.job-index` and `strategy.job-total`.
 * 2. Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (0-based, set by Kubernetes) with `SFT_LABEL_SHARD_COUNT` (the
 *    Job's `completions`; Kubernetes does not expose it to the pod, so the manifest passes it).
 * 3. Slurm job array: `SLURM_ARRAY_TASK_ID` within `SLURM_ARRAY_TASK_MIN`..`MAX` (step `SLURM_ARRAY_TASK_STEP`,
 *    default 1), checked against `SLURM_ARRAY_TASK_COUNT` when set. Only contiguous arrays (`--array=0-7`,
 *    `--array=1-16:1%4`) map onto shards; a list like `--array=1,5,7` is refused rather than guessed.
 */

/** Environment variables read by `--shard auto`. */
export const SHARD_ENV = {
  index: 'SFT_LABEL_SHARD_INDEX',
  count: 'SFT_LABEL_SHARD_COUNT',
  kubernetesIndex: 'JOB_COMPLETION_INDEX',
  slurmId: 'SLURM_ARRAY_TASK_ID',
  slurmCount: 'SLURM_ARRAY_TASK_COUNT',
  slurmMin: 'SLURM_ARRAY_TASK_MIN',
  slurmMax: 'SLURM_ARRAY_TASK_MAX',
  slurmStep: 'SLURM_ARRAY_TASK_STEP',
} as const;

export interface EngineShard extends Shard {
  /** Where it came from, for a note on stderr: `Slurm array task 3 of 0-7`. */
  source: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The shard of this task, 1-based like `--shard K/N`; a UsageError naming the variables when none can be read. */
export function shardFromEnv(env: Env): EngineShard {
  const get = (name: string): string | undefined => (env[name]?.trim() ? env[name]?.trim() : undefined);
  if (get(SHARD_ENV.index) !== undefined) {
    const index = whole(env, SHARD_ENV.index, 0);
    const count = required(env, SHARD_ENV.count, `${SHARD_ENV.index} is set`);
    return make(index, count, `${SHARD_ENV.index}=${index} of ${SHARD_ENV.count}=${count}`);
  }
  if (get(SHARD_ENV.kubernetesIndex) !== undefined) {
    const index = whole(env, SHARD_ENV.kubernetesIndex, 0);
    const count = required(env, SHARD_ENV.count, 'a Kubernetes Indexed Job does not tell its pods how many completions it has: set it to the Job\'s spec.completions');
    return make(index, count, `Kubernetes Indexed Job, ${SHARD_ENV.kubernetesIndex}=${index} of ${count} completions`);
  }
  if (get(SHARD_ENV.slurmId) !== undefined) return slurmShard(env);
  throw new UsageError(
    `--shard auto: no job engine found in the environment; expected ${SHARD_ENV.index} + ${SHARD_ENV.count} (e.g. from a ` +
      `GitHub Actions matrix), ${SHARD_ENV.kubernetesIndex} + ${SHARD_ENV.count} (Kubernetes Indexed Job) or ` +
      `${SHARD_ENV.slurmId} (Slurm array); or give --shard K/N`,
  );
}

function slurmShard(env: Env): EngineShard {
  const id = whole(env, SHARD_ENV.slurmId, 0);
  const min = env[SHARD_ENV.slurmMin]?.trim() ? whole(env, SHARD_ENV.slurmMin, 0) : 0;
  const max = env[SHARD_ENV.slurmMax]?.trim() ? whole(env, SHARD_ENV.slurmMax, min) : undefined;
  const step = env[SHARD_ENV.slurmStep]?.trim() ? whole(env, SHARD_ENV.slurmStep, 1) : 1;
  const listed = env[SHARD_ENV.slurmCount]?.trim() ? whole(env, SHARD_ENV.slurmCount, 1) : undefined;
  if (max === undefined && listed === undefined)
    throw new UsageError(`--shard auto: ${SHARD_ENV.slurmId}=${id} without ${SHARD_ENV.slurmCount} or ${SHARD_ENV.slurmMax}: not started by sbatch --array?`);
  const count = max === undefined ? listed! : Math.floor((max - min) / step) + 1;
  if ((listed !== undefined && listed !== count) || (id - min) % step !== 0)
    throw new UsageError(
      `--shard auto: Slurm array ${min}-${max ?? '?'}:${step} with ${listed} tasks is not a contiguous range; use sbatch --array=0-${(listed ?? count) - 1} (a throttle like %4 is fine)`,
    );
  return make((id - min) / step, count, `Slurm array task ${id} of ${min}-${max ?? min + (count - 1) * step}${step > 1 ? `:${step}` : ''}`);
}

function make(index: number, count: number, source: string): EngineShard {
  if (index >= count) throw new UsageError(`--shard auto: task index ${index} is not below the count ${count} (${source})`);
  return { k: index + 1, n: count, source };
}

function required(env: Env, name: string, why: string): number {
  if (!env[name]?.trim()) throw new UsageError(`--shard auto: ${name} is not set (${why})`);
  return whole(env, name, 1);
}

function whole(env: Env, name: string, min: number): number {
  const text = env[name]?.trim() ?? '';
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--shard auto: ${name}="${env[name]}": expected a whole number >= ${min}`);
  return n;
}
