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

/** A configuration's verdict in plain words: the dimensions whose confidence cannot be acted on first. */
export interface CalibrationVerdict {
  config: string;
  /** "confidence uninformative on concept: AUROC 0.52 [0.41, 0.63]", one per uninformative or inverted dimension. */
  warnings: string[];
  /** Dimension ids. */
  informative: string[];
  /** "concept (none of 12 labels agrees with gold)". */
  undetermined: string[];
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
    const v: CalibrationVerdict = { config: c.name, warnings: [], informative: [], undetermined: [] };
    for (const dim of dims) {
      const f = c.calibration![dim];
      if (!f) continue;
      const verdict = confidenceVerdict(dim, f);
      if (verdict.verdict === 'informative') v.informative.push(dim);
      else if (verdict.verdict === 'undetermined') v.undetermined.push(`${dim} (${verdict.detail})`);
      else v.warnings.push(verdict.text);
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

/** A verdict as one sentence: "cfg: confidence uninformative on concept: AUROC 0.52 [0.41, 0.63]; informative on intent, language." */
export function verdictSentence(v: CalibrationVerdict): string {
  const parts = [...v.warnings];
  if (v.informative.length) parts.push(`informative on ${v.informative.join(', ')}`);
  if (v.undetermined.length) parts.push(`not assessable on ${v.undetermined.join(', ')}`);
  return parts.join('; ');
}
