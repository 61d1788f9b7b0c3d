import { fmt, fmtCi, fmtPct, fmtUsd } from './escape.js';
import { isSignificant, type BaselineDiff, type ReportModel } from './model.js';

/** One cell of the summary table, already formatted (renderers escape it). */
export interface SummaryCell {
  value: string;
  ci: string;
  /** Highest value of its column (ties all marked). */
  best: boolean;
  /** Significantly better (up) or worse (down) than the baseline, else null. */
  sig: 'up' | 'down' | null;
  /** Difference vs baseline with p-value, '' for the baseline. */
  diff: string;
}

export interface SummaryRow {
  config: string;
  model: string;
  prompt: string;
  baseline: boolean;
  /** Why the configuration failed; null when it did not. Renderers mark the row FAILED. */
  failure: string | null;
  cells: SummaryCell[];
  overall: SummaryCell;
  costPerSample: string;
  tokensPerSample: string;
  latencyP50: string;
  latencyP95: string;
  failureRate: string;
  unmappedRate: string;
  arbitrationRate: string;
}

/** The configurations x dimensions summary, shared by the HTML and Markdown renderers. */
export function summaryRows(model: ReportModel): SummaryRow[] {
  const dimIds = model.dimensions.map((d) => d.id);
  // With one configuration there is no "best": nothing is marked.
  const best = (values: Array<number | null>): number | null => {
    if (model.configs.length < 2) return null;
    const defined = values.filter((v): v is number => v !== null);
    return defined.length ? Math.max(...defined) : null;
  };
  // A failed configuration's scores are not a result: never "best".
  const scored = (f: (c: ReportModel['configs'][number]) => number | null): Array<number | null> => model.configs.map((c) => (c.failure ? null : f(c)));
  const bestPerDim = dimIds.map((id) => best(scored((c) => c.score.dimensions[id]?.headline ?? null)));
  const bestOverall = best(scored((c) => c.score.overall));
  return model.configs.map((c) => {
    const cells = dimIds.map((id, i) => {
      const s = c.score.dimensions[id];
      const v = s?.headline ?? null;
      const ci = s ? ((s as Record<string, unknown>)[`${s.headline_metric}_ci95`] as [number, number] | null | undefined) : null;
      return cell(v, ci ?? null, bestPerDim[i] ?? null, c.vsBaseline?.dimensions[id]);
    });
    const st = c.stats;
    const ms = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${Math.round(v)} ms`);
    return {
      config: c.name,
      model: c.model,
      prompt: c.prompt ?? '—',
      baseline: c.name === model.baseline,
      failure: c.failure,
      cells,
      overall: cell(c.score.overall, c.score.overall_ci95 ?? null, bestOverall, c.vsBaseline?.overall),
      costPerSample: fmtUsd(st?.costPerSample),
      tokensPerSample: st?.tokensPerSample === null || st?.tokensPerSample === undefined ? 'n/a' : String(Math.round(st.tokensPerSample)),
      latencyP50: ms(st?.latencyP50),
      latencyP95: ms(st?.latencyP95),
      failureRate: fmtPct(st?.failureRate),
      unmappedRate: fmtPct(st?.unmappedRate),
      arbitrationRate: fmtPct(st?.arbitrationRate),
    };
  });
}

function cell(value: number | null, ci: [number, number] | null, best: number | null, vs: BaselineDiff | undefined): SummaryCell {
  const sig = vs && isSignificant(vs) ? (vs.diff! > 0 ? 'up' : 'down') : null;
  const diff = vs && vs.diff !== null ? `${vs.diff >= 0 ? '+' : ''}${fmt(vs.diff)} (p ${fmt(vs.p_value, 3)})` : '';
  return { value: fmt(value), ci: fmtCi(ci), best: value !== null && best !== null && Math.abs(value - best) < 1e-12, sig, diff };
}
