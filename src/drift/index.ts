/** Drift between two labeled sets: per-dimension total variation distance, chi-square test, appeared/vanished tags. */
export { readLabelCounts, type LabelCounts } from './read.js';
export { compareLabelCounts, DriftReportSchema, DimensionDriftSchema, DRIFT_REPORT_VERSION, type DriftReport, type DimensionDrift } from './drift.js';
export { totalVariation, chiSquareHomogeneity, chiSquareSf, MIN_EXPECTED, type ChiSquareResult } from './divergence.js';
export { formatDrift, formatCalibratedDrift } from './format.js';
