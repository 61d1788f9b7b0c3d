/**
 * Calibration stage: does a labeler's stated confidence mean what it says? Per dimension, from (confidence, agrees
 * with gold) points: expected calibration error over equal-mass bins, Brier score, AUROC of confidence for
 * "correct" with a bootstrap CI, the reliability bins and the accuracy-coverage curve, and a plain-words verdict.
 * Pure functions; definitions and edge cases: README.md.
 */
export { calibrationFigures, equalMassBins, CALIBRATION_DEFAULTS, type CalibrationPoint, type CalibrationOptions } from './figures.js';
export { calibratedConfidence } from './recalibrate.js';
export { confidenceVerdict, type VerdictResult } from './verdict.js';
export { calibrateDimensions, type CalibrateOptions } from './dimensions.js';
export {
  CalibrationFiguresSchema, DimensionCalibrationSchema, CalibrationReportSchema, ReliabilityBinSchema, CoveragePointSchema,
  VerdictSchema, VERDICTS,
  type CalibrationFigures, type DimensionCalibration, type CalibrationReport, type ReliabilityBin, type CoveragePoint, type Verdict,
} from './schema.js';
