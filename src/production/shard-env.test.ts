import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import { shardFromEnv } from './shard-env.js';

describe('shardFromEnv', () => {
  it('GitHub Actions matrix (or any engine): SFT_LABEL_SHARD_INDEX is 0-based, --shard is 1-based', () => {
    expect(shardFromEnv({ SFT_LABEL_SHARD_INDEX: '0', SFT_LABEL_SHARD_COUNT: '3' })).toMatchObject({ k: 1, n: 3 });
    expect(shardFromEnv({ SFT_LABEL_SHARD_INDEX: '2', SFT_LABEL_SHARD_COUNT: '3' })).toMatchObject({ k: 3, n: 3 });
    expect(() => shardFromEnv({ SFT_LABEL_SHARD_INDEX: '3', SFT_LABEL_SHARD_COUNT: '3' })).toThrow(/index 3 is not below the count 3/);
    expect(() => shardFromEnv({ SFT_LABEL_SHARD_INDEX: '1' })).toThrow(/SFT_LABEL_SHARD_COUNT is not set/);
    expect(() => shardFromEnv({ SFT_LABEL_SHARD_INDEX: '-1', SFT_LABEL_SHARD_COUNT: '3' })).toThrow(/SFT_LABEL_SHARD_INDEX="-1": expected a whole number/);
  });

  it('Kubernetes Indexed Job: JOB_COMPLETION_INDEX with the completions passed as SFT_LABEL_SHARD_COUNT', () => {
    const s = shardFromEnv({ JOB_COMPLETION_INDEX: '4', SFT_LABEL_SHARD_COUNT: '8' });
    expect(s).toMatchObject({ k: 5, n: 8 });
    expect(s.source).toContain('Kubernetes Indexed Job');
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '4' })).toThrow(/SFT_LABEL_SHARD_COUNT is not set \(a Kubernetes Indexed Job/);
  });

  it('Slurm array: task id within min..max, by COUNT or MIN/MAX, with a step', () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '3' })).toMatchObject({ k: 1, n: 4 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '16', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '16' })).toMatchObject({ k: 16, n: 16 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({ k: 4, n: 4 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '6', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '8', SLURM_ARRAY_TASK_STEP: '2' })).toMatchObject({ k: 4, n: 5 });
  });

  it('refuses a Slurm list that is not a range, and a task id without the array size', () => {
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '7' })).toThrow(/not a contiguous range; use sbatch --array=0-2/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '5' })).toThrow(/without SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MAX/);
  });

  it('explicit variables win over the engine ones; nothing at all is a UsageError naming what was looked for', () => {
    expect(shardFromEnv({ SFT_LABEL_SHARD_INDEX: '1', SFT_LABEL_SHARD_COUNT: '2', SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '9' })).toMatchObject({ k: 2, n: 2 });
    const err = (() => {
      try {
        shardFromEnv({ HOME: '/root' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/JOB_COMPLETION_INDEX.*SLURM_ARRAY_TASK_ID/);
  });
});
