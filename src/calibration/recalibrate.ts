import type { ReliabilityBin } from './schema.js';

/**
 * A stated confidence mapped through a reliability diagram to the share of labels that agreed with gold at that
 * confidence on the gold set ("calibrated confidence"): linear between the bins' (mean confidence, accuracy)
 * points, the nearest bin's accuracy beyond the first or last one, the stated confidence itself when there are no
 * bins. Bins are the equal-mass bins of calibrationFigures (increasing confidence). Histogram binning with linear
 * interpolation: not monotone when the diagram is not, which is the point (an overconfident 0.95 bin maps below a
 * better 0.9 one).
 */
export function calibratedConfidence(bins: readonly ReliabilityBin[], confidence: number): number {
  if (!bins.length) return confidence;
  const first = bins[0]!;
  const last = bins[bins.length - 1]!;
  if (confidence <= first.confidence) return first.accuracy;
  if (confidence >= last.confidence) return last.accuracy;
  for (let i = 1; i < bins.length; i++) {
    const a = bins[i - 1]!;
    const b = bins[i]!;
    if (confidence <= b.confidence) {
      const t = b.confidence === a.confidence ? 1 : (confidence - a.confidence) / (b.confidence - a.confidence);
      return a.accuracy + t * (b.accuracy - a.accuracy);
    }
  }
  return last.accuracy;
}
