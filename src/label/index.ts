export { runLabel, type LabelRunOptions, type LabelRunResult } from './run.js';
export { LabelStatsSchema, FailureSchema, LABEL_STATS_VERSION, type LabelStats, type Failure } from './stats-schema.js';
export { sidecarPaths, outputFormat, type SidecarPaths, type OutputFormat } from './paths.js';
export { parseShard, shardOf, selectItems, shuffleKey, type Shard, type SelectOptions } from './select.js';
export { outputRecord } from './outcome.js';
export { ConfidenceHistogram } from './confidence.js';
export { resolveLabeler, RULES_MODEL, type ResolveLabelerOptions, type ResolvedLabeler, type LabelTraffic } from './labelers.js';
