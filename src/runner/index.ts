export {
  checkExperimentText,
  loadExperiment,
  modelId,
  ExperimentFileSchema,
  OPTION_AXES,
  PROMPTLESS_MODELS,
  type Experiment,
  type ExperimentCatalog,
  type ExperimentFile,
  type ExperimentMatrix,
  type ExperimentOptions,
  type GateSettings,
  type GateCandidate,
  type OptionAxis,
} from './experiment.js';
export { expandMatrix, axisSuffix, type Configuration, type ExpandOptions } from './matrix.js';
export { runExperiment, type RunExperimentOptions, type RunExperimentResult } from './run.js';
export { runReportModel, writeRunReport, configStats, type RunResults, type RunReportOptions } from './report.js';
export { readRunFolder, renderRunReport, goldDirOfRunsFile, type ReadRunOptions } from './read-run.js';
export {
  MetricsFileSchema,
  ConfigMetricsSchema,
  PairedReportSchema,
  RunRecordSchema,
  ConfigRunStatsSchema,
  RunLineSchema,
  METRICS_VERSION,
  RUN_RECORD_VERSION,
  type MetricsFile,
  type ConfigMetrics,
  type RunRecord,
  type ConfigRunStats,
  type RunLine,
} from './results.js';
export { readRunLines, readPriorRuns, jobKey } from './runs-file.js';
export { buildMetrics, metricsInputsHash, type BuildMetricsOptions } from './metrics.js';
export { renderRunSummary } from './table.js';
export { REPEAT_STRIDE } from './clients.js';
