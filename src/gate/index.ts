/**
 * CI gate stage: compare a run with the pinned baseline (paired bootstrap per configuration x dimension), render the
 * verdict as text, Markdown and JUnit XML, write baselines and export the cache entries CI replays.
 */
export {
  BASELINE_VERSION,
  BaselineFileSchema,
  BaselineConfigSchema,
  buildBaseline,
  baselineLabels,
  baselineRepeats,
  readBaseline,
  writeBaseline,
  type BaselineFile,
  type BaselineConfig,
  type BaselineConfigInput,
  type BuildBaselineOptions,
} from './baseline.js';
export { agreementTest, type AgreementTest, type AgreementTestOptions, type RepeatLabels } from './agreement.js';
export { resolveCandidates } from './candidates.js';
export { pairedMetrics, type PairedMetric, type PairedMetricsOptions } from './paired.js';
export { evaluateGates, decide, type ResolvedCandidate, type GateCheck, type GateReport, type GateStatus, type CurrentConfig, type EvaluateGatesOptions } from './evaluate.js';
export { renderJunit, renderJunitError, xmlEscape } from './junit.js';
export { renderGateMarkdown, renderGateText, regressionLines } from './summary.js';
export { recordingCache, exportCacheEntries, type RecordingCache, type ExportEntriesOptions, type ExportResult } from './cache-export.js';
export { readRunLabels, type RunLabels } from './run-labels.js';
export { collectNeededEntries, type CollectEntriesOptions } from './replay.js';
export { apiKeyVariable, defaultCiCacheMode, loadGateExperiment, type GateRunOptions } from './setup.js';
export { gatePower, underpoweredLines, renderPowerText, renderPowerMarkdown, type GatePower, type PowerCheck, type GatePowerOptions } from './power.js';
export { runCiGate, type CiGateOptions, type CiGateResult } from './ci.js';
export { updateBaseline, type UpdateBaselineOptions, type UpdateBaselineResult } from './update.js';
