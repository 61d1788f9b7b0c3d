/** Labeled records: their files (paths, sinks), the stats of a labeled set, and their schemas. */
export { LabelStatsSchema, FailureSchema, LABEL_STATS_VERSION, type LabelStats, type Failure } from './stats-schema.js';
export { sidecarPaths, outputFormat, type SidecarPaths, type OutputFormat } from './paths.js';
export { ConfidenceHistogram } from './confidence.js';
export { StatsAccumulator, type RunInfo } from './stats.js';
export { createSink, type RecordSink } from './sink.js';
export { readLabeledRecords, readLabeledRecordsSync, type LabeledLine, type SkippedLine, type ReadLabeledOptions } from './read.js';
export { labeledSetRates, type LabeledSetRates, type RateCounts } from './rates.js';
export { DEFAULT_MAX_FAILED, FailureReasons, failedVerdict, failureReasonKey, formatMaxFailed, formatReasons, parseMaxFailed, type MaxFailed } from './failures.js';
