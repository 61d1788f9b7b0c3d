import { itemAgreement } from '../score/index.js';
import type { Confidence, Labels, Taxonomy } from '../taxonomy/index.js';
import { calibrationFigures, type CalibrationOptions, type CalibrationPoint } from './figures.js';
import type { CalibrationReport } from './schema.js';
import { confidenceVerdict } from './verdict.js';

export interface CalibrateOptions extends CalibrationOptions {
  gold: ReadonlyMap<string, Labels>;
  /** Predictions by id: labels (null = labeling failed) and the confidence per dimension the labeler gave. */
  pred: ReadonlyMap<string, { labels: Labels | null; confidence: Confidence }>;
  taxonomy: Taxonomy;
  /** Dimension ids, default every taxonomy dimension. */
  dims?: readonly string[];
}

/**
 * Calibration per dimension of one configuration against gold. The points of a dimension are the samples the scorer
 * scores (ids in both gold and pred) that carry a confidence for it; "correct" is the scorer's per-item agreement
 * (score/itemAgreement: the same label, or the same set of tags on a multi dimension). Samples without a
 * confidence for the dimension are counted in `n_missing`. Pure.
 */
export function calibrateDimensions(opts: CalibrateOptions): CalibrationReport {
  const labels = new Map([...opts.pred].map(([id, p]) => [id, p.labels]));
  const agreement = itemAgreement({ gold: opts.gold, pred: labels, taxonomy: opts.taxonomy, dims: opts.dims });
  const out: CalibrationReport = {};
  for (const [dim, correct] of Object.entries(agreement.dimensions)) {
    const points: CalibrationPoint[] = [];
    agreement.ids.forEach((id, i) => {
      const c = opts.pred.get(id)?.confidence[dim];
      if (c !== undefined && Number.isFinite(c)) points.push({ confidence: c, correct: correct[i]! });
    });
    const figures = calibrationFigures(points, opts);
    out[dim] = { ...figures, n_missing: agreement.ids.length - points.length, verdict: confidenceVerdict(dim, figures).verdict };
  }
  return out;
}
