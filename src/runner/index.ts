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
  type OptionAxis,
} from './experiment.js';
export { expandMatrix, axisSuffix, type Configuration, type ExpandOptions } from './matrix.js';
export {
  AdaptiveLimiter,
  LimiterPool,
  limiterPolicy,
  nextLimiterState,
  overloadOf,
  type LimiterEvent,
  type LimiterOptions,
  type LimiterPolicy,
  type LimiterSnapshot,
  type LimiterState,
  type Overload,
} from './limiter.js';
