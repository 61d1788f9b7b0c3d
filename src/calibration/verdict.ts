import type { CalibrationFigures, Verdict } from './schema.js';

export interface VerdictResult {
  verdict: Verdict;
  /** Plain words: "confidence uninformative on concept: AUROC 0.52 [0.41, 0.63]". */
  text: string;
  /** What the verdict rests on, without the dimension: "AUROC 0.52 [0.41, 0.63]", "all 12 labels agree with gold". */
  detail: string;
}

const f2 = (v: number): string => v.toFixed(2);

/**
 * Whether a dimension's confidence tells right labels from wrong ones, read from the AUROC's 95% CI:
 * - `informative`: the CI lies above 0.5 (right labels get higher confidence than wrong ones);
 * - `uninformative`: the CI includes 0.5 (no evidence confidence ranks labels better than chance; flat
 *   confidences give exactly 0.5 with a CI of [0.5, 0.5]);
 * - `inverted`: the CI lies below 0.5 (wrong labels get the higher confidence);
 * - `undetermined`: no AUROC (every label right, every label wrong, or no confidences) or no CI.
 * Acting on a confidence threshold (arbitration, escalation, review order) only makes sense when informative.
 */
export function confidenceVerdict(dimension: string, f: Pick<CalibrationFigures, 'n' | 'n_correct' | 'auroc' | 'auroc_ci95'>): VerdictResult {
  if (f.auroc === null) {
    const why = f.n === 0 ? 'no labels with a confidence' : f.n_correct === f.n ? `all ${f.n} labels agree with gold` : `none of ${f.n} labels agrees with gold`;
    return { verdict: 'undetermined', text: `confidence not assessable on ${dimension}: ${why}`, detail: why };
  }
  const ci = f.auroc_ci95;
  const figure = `AUROC ${f2(f.auroc)}${ci ? ` [${f2(ci[0])}, ${f2(ci[1])}]` : ''}`;
  if (!ci) return { verdict: 'undetermined', text: `confidence not assessable on ${dimension}: ${figure}, no confidence interval`, detail: `${figure}, no confidence interval` };
  if (ci[0] > 0.5) return { verdict: 'informative', text: `confidence informative on ${dimension}: ${figure}`, detail: figure };
  if (ci[1] < 0.5) return { verdict: 'inverted', text: `confidence inverted on ${dimension} (wrong labels are the more confident): ${figure}`, detail: figure };
  return { verdict: 'uninformative', text: `confidence uninformative on ${dimension}: ${figure}`, detail: figure };
}
