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

/** One configuration's spread over repeats (options.repeats > 1), formatted; renderers escape it. */
export interface RepeatRow {
  config: string;
  n: string;
  mean: string;
  sd: string;
  range: string;
  /** Each repeat's overall headline, in order. */
  values: string;
}

/**
 * The repeats table: each configuration's overall headline per repeat (the run labels every sample N times, paid
 * for N times), with mean, sample standard deviation and range, so run-to-run noise is seen beside the differences
 * between configurations. Empty when no configuration has more than one repeat.
 */
export function repeatRows(model: ReportModel): RepeatRow[] {
  if (!model.configs.some((c) => c.repeats.length > 1)) return [];
  return model.configs.map((c) => {
    const v = c.repeats.filter((x): x is number => x !== null);
    const mean = v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
    const sd = mean !== null && v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1)) : null;
    return {
      config: c.name,
      n: String(c.repeats.length),
      mean: fmt(mean),
      sd: fmt(sd),
      range: v.length ? `${fmt(Math.min(...v))} – ${fmt(Math.max(...v))}` : 'n/a',
      values: c.repeats.map((x) => fmt(x)).join(', '),
    };
  });
}

function cell(value: number | null, ci: [number, number] | null, best: number | null, vs: BaselineDiff | undefined): SummaryCell {
  const sig = vs && isSignificant(vs) ? (vs.diff! > 0 ? 'up' : 'down') : null;
  const diff = vs && vs.diff !== null ? `${vs.diff >= 0 ? '+' : ''}${fmt(vs.diff)} (p ${fmt(vs.p_value, 3)})` : '';
  return { value: fmt(value), ci: fmtCi(ci), best: value !== null && best !== null && Math.abs(value - best) < 1e-12, sig, diff };
}

/** One row of the cascades table, formatted (renderers escape it). */
export interface CascadeRow {
  config: string;
  first: string;
  then: string;
  overall: string;
  escalated: string;
  costPerSample: string;
  firstCostPerSample: string;
  thenCostPerSample: string;
  verdict: string;
}

/** The cascades of the report: how much each sends to its second model and what it costs next to both. */
export function cascadeRows(model: ReportModel): CascadeRow[] {
  return model.configs.flatMap((c) => {
    const k = c.cascade;
    if (!k) return [];
    return [
      {
        config: c.name,
        first: k.first,
        then: k.then,
        overall: fmt(c.score.overall),
        escalated: fmtPct(k.escalationShare),
        costPerSample: fmtUsd(k.costPerSample),
        firstCostPerSample: fmtUsd(k.firstCostPerSample),
        thenCostPerSample: fmtUsd(k.thenCostPerSample),
        verdict: `${k.saving ? '' : 'no saving proposed: '}${k.verdict}`,
      },
    ];
  });
}
