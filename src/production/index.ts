/**
 * Production labeling: label a dataset (`runLabel`: read -> select -> resume -> label -> outputs), promote the
 * winning configuration to a lock file, merge shard outputs.
 */
export { runLabel, type LabelRunOptions, type LabelRunResult } from './label-run.js';
export { parseShard, shardOf, selectItems, shuffleKey, type Shard, type SelectOptions } from './select.js';
export { shardFromEnv, SHARD_ENV, type EngineShard } from './shard-env.js';
export { promote, compareCandidates, type PromoteOptions } from './promote.js';
export { loadLock, renderLock, ProductionLockSchema, LockOptionsSchema, LOCK_VERSION, type ProductionLock, type LockOptions } from './lock.js';
export { applyLock, checkPinnedWire, type ApplyLockOptions, type LockedLabeler } from './apply.js';
export { mergeOutputs, type MergeOptions, type MergeResult } from './merge.js';
export { mergeStats } from './merge-stats.js';
