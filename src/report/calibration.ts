import { confidenceVerdict, type Verdict } from '../calibration/index.js';
import { reliabilitySvg, coverageSvg } from './svg/calibration.js';
import { fmt, fmtCi, fmtPct } from './escape.js';
import type { ReportModel } from './model.js';

/** One row of the calibration table (configuration x dimension), formatted; renderers escape it. */
export interface CalibrationRow {
  config: string;
  dimension: string;
  n: string;
  accuracy: string;
  meanConfidence: string;
  ece: string;
  brier: string;
  auroc: string;
  aurocCi: string;
  verdict: Verdict;
}

/** A configuration's verdict per dimension, for a sentence in plain words. */
export interface CalibrationVerdict {
  config: string;
  dims: Array<{ dimension: string; verdict: Verdict; detail: string }>;
}

export interface CalibrationSection {
  rows: CalibrationRow[];
  verdicts: CalibrationVerdict[];
  charts: Array<{ dimension: string; reliability: string; coverage: string }>;
}

/** The calibration section of a report, or null when no configuration has calibration figures (older metrics.json). */
export function calibrationSection(model: ReportModel): CalibrationSection | null {
  const configs = model.configs.map((c, index) => ({ c, index })).filter(({ c }) => c.calibration !== null);
  if (!configs.length) return null;
  const dims = model.dimensions.map((d) => d.id);
  const rows: CalibrationRow[] = [];
  const verdicts: CalibrationVerdict[] = [];
  for (const { c } of configs) {
    const v: CalibrationVerdict = { config: c.name, dims: [] };
    for (const dim of dims) {
      const f = c.calibration![dim];
      if (!f) continue;
      const verdict = confidenceVerdict(dim, f);
      v.dims.push({ dimension: dim, verdict: verdict.verdict, detail: verdict.detail });
      rows.push({
        config: c.name,
        dimension: dim,
        n: f.n_missing ? `${f.n} (+${f.n_missing} without)` : String(f.n),
        accuracy: fmtPct(f.accuracy),
        meanConfidence: fmt(f.mean_confidence),
        ece: fmt(f.ece),
        brier: fmt(f.brier),
        auroc: fmt(f.auroc),
        aurocCi: fmtCi(f.auroc_ci95),
        verdict: verdict.verdict,
      });
    }
    verdicts.push(v);
  }
  const charts = dims.map((dim) => ({
    dimension: dim,
    reliability: reliabilitySvg({ dimension: dim, series: configs.map(({ c, index }) => ({ config: c.name, index, bins: c.calibration![dim]?.bins ?? [] })) }),
    coverage: coverageSvg({ dimension: dim, series: configs.map(({ c, index }) => ({ config: c.name, index, points: c.calibration![dim]?.coverage ?? [] })) }),
  }));
  return { rows, verdicts, charts };
}

/** Whether a configuration has a dimension whose confidence must not be acted on (uninformative or inverted). */
export const hasWarning = (v: CalibrationVerdict): boolean => v.dims.some((d) => d.verdict === 'uninformative' || d.verdict === 'inverted');

/**
 * A configuration's verdict as one sentence, grouped by verdict, warnings first: "confidence uninformative on
 * concept: AUROC 0.52 [0.41, 0.63]" for one dimension, "confidence uninformative on intent (AUROC ...), concept
 * (AUROC ...); informative on language; not assessable on agentic (all 12 labels agree with gold)" for several.
 */
export function verdictSentence(v: CalibrationVerdict): string {
  const group = (verdict: Verdict, lead: string, withDetail: boolean): string | null => {
    const dims = v.dims.filter((d) => d.verdict === verdict);
    if (!dims.length) return null;
    if (!withDetail) return `${lead} ${dims.map((d) => d.dimension).join(', ')}`;
    if (dims.length === 1) return `${lead} ${dims[0]!.dimension}: ${dims[0]!.detail}`;
    return `${lead} ${dims.map((d) => `${d.dimension} (${d.detail})`).join(', ')}`;
  };
  return [
    group('inverted', 'confidence inverted (wrong labels are the more confident) on', true),
    group('uninformative', 'confidence uninformative on', true),
    group('informative', 'informative on', false),
    group('undetermined', 'not assessable on', true),
  ]
    .filter((p): p is string => p !== null)
    .join('; ');
}
