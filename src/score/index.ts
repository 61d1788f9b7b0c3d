/**
 * Scoring stage: agreement of predicted labels with gold, confidence intervals, paired comparison and
 * inter-annotator agreement. Every metric is a pure function; only io.ts reads files. Definitions: README.md.
 */
export { scoreLabels, selectDimensions, macroMean, SCORE_DEFAULTS, type ScoreOptions } from './score-labels.js';
export { itemAgreement, sampleAgreement, type ItemAgreement, type ItemAgreementOptions } from './item-agreement.js';
export { comparePaired, type CompareOptions, type PairedReport, type PairedDimension } from './compare.js';
export { interAnnotatorAgreement, type IaaOptions, type IaaReport, type IaaDimension, type IaaPair } from './iaa.js';
export {
  ScoreReportSchema, DimensionScoreSchema, SingleScoreSchema, OrdinalScoreSchema, MultiScoreSchema, CoverageSchema,
  SCORE_REPORT_VERSION, type ScoreReport, type DimensionScore,
} from './report.js';
export { readGoldLabels, readPredLabels } from './io.js';
export { renderScoreTable, renderCompareTable } from './table.js';
export { cohenKappa, binaryKappa, disagreementWeights, tableFrom, type Table } from './kappa.js';
export { fleissKappa, type FleissResult } from './fleiss.js';
export { krippendorffAlpha, type AlphaMetric, type AlphaOptions } from './krippendorff.js';
export { masiDistance, masiFromSizes, jaccardFromSizes } from './masi.js';
export { mcnemarExact, binomialTwoSidedHalf, type McNemarResult } from './mcnemar.js';
export { bootstrap, percentileCi, bootstrapPValue } from './bootstrap.js';
export { mulberry32 } from './prng.js';
export { HEADLINE, type DimensionKind, type HeadlineMetric } from './dimension.js';
export type { Maybe } from './metric.js';
export { adjustPValues, CORRECTIONS, type Correction } from './multiplicity.js';
export { signFlipTest, type SignFlipOptions } from './paired-test.js';
export { rankAgainstBest, describeRanking, RankingSchema, fmtP, type Ranking, type RankOptions } from './ranking.js';
export { criticalValue, normalQuantile, flagsDrop, pairedDropPower, minDetectableDrop, samplesNeeded, type DetectableDesign, type PairedPowerOptions } from './power.js';
export { detectableDrops, degradeLabel, type DetectableOptions, type DetectableReport, type DetectableDimension } from './detectable.js';
export { predictionPoweredShare, calibratedShares, calibratedDrift, type CalibratedDriftOptions, type CalibratedDriftTag, type ShareEstimate, type ShareInput, type CalibratedShares, type CalibratedSharesOptions } from './ppi.js';
