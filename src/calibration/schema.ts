import { z } from 'zod';

/**
 * The calibration figures of one configuration on one dimension, as metrics.json carries them
 * (`configs.<name>.calibration.<dim>`). Definitions and edge cases: README.md. An undefined value is `null` with a
 * `<name>_note` saying why, as everywhere in the scorer's output.
 */

const num = z.number().nullable();
const note = z.string().optional();

export const ReliabilityBinSchema = z.object({
  lo: z.number().describe('lowest confidence in the bin'),
  hi: z.number().describe('highest confidence in the bin'),
  n: z.int().positive().describe('points in the bin'),
  confidence: z.number().describe('mean confidence of the bin'),
  accuracy: z.number().describe('share of the bin that agrees with gold'),
});
export type ReliabilityBin = z.infer<typeof ReliabilityBinSchema>;

export const CoveragePointSchema = z.object({
  threshold: z.number().describe('keep the labels whose confidence is >= this'),
  kept: z.int().positive().describe('labels kept'),
  coverage: z.number().describe('kept / n'),
  accuracy: z.number().describe('share of the kept labels that agree with gold'),
});
export type CoveragePoint = z.infer<typeof CoveragePointSchema>;

export const CalibrationFiguresSchema = z.object({
  n: z.int().nonnegative().describe('points: scored samples with a confidence for the dimension'),
  n_correct: z.int().nonnegative().describe('points that agree with gold'),
  accuracy: num.describe('n_correct / n'),
  mean_confidence: num,
  ece: num.describe('expected calibration error over equal-mass bins: sum over bins of n_b/n |accuracy_b - confidence_b|'),
  ece_note: note,
  brier: num.describe('mean (confidence - correct)^2, correct in {0, 1}'),
  brier_note: note,
  auroc: num.describe('P(confidence of a right label > that of a wrong one), ties counting 1/2 (Mann-Whitney); null when one class is absent'),
  auroc_note: note,
  auroc_ci95: z.tuple([z.number(), z.number()]).nullable().describe('95% percentile bootstrap CI of auroc (null when undefined in more than half the resamples)'),
  bins: z.array(ReliabilityBinSchema).describe('the reliability diagram: equal-mass bins by increasing confidence, ties never split'),
  coverage: z.array(CoveragePointSchema).describe('accuracy-coverage curve by decreasing threshold (the last point keeps everything)'),
});
export type CalibrationFigures = z.infer<typeof CalibrationFiguresSchema>;

export const VERDICTS = ['informative', 'uninformative', 'inverted', 'undetermined'] as const;
export const VerdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof VerdictSchema>;

export const DimensionCalibrationSchema = CalibrationFiguresSchema.extend({
  n_missing: z.int().nonnegative().describe('scored samples without a confidence for the dimension (left out of every figure)'),
  verdict: VerdictSchema.describe('informative: AUROC CI above 0.5; uninformative: CI includes 0.5; inverted: CI below 0.5; undetermined: no AUROC or no CI'),
});
export type DimensionCalibration = z.infer<typeof DimensionCalibrationSchema>;

/** Per dimension id. */
export const CalibrationReportSchema = z.record(z.string(), DimensionCalibrationSchema);
export type CalibrationReport = z.infer<typeof CalibrationReportSchema>;
