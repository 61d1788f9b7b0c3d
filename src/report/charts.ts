import type { ReportModel } from './model.js';
import { metricBarsSvg } from './svg/bars.js';
import { confusionSvg } from './svg/heatmap.js';
import { costQualitySvg, paretoFront, type ScatterPoint } from './svg/scatter.js';
import { tagF1Svg } from './svg/tag-bars.js';

/** The charts of a comparison report, as SVG markup (every data string inside already escaped). */
export interface ReportCharts {
  metricBars: Array<{ dimension: string; svg: string }>;
  scatter: { svg: string; front: string[]; left_out: string[] } | null;
  confusion: Array<{ config: string; charts: Array<{ dimension: string; svg: string }> }>;
  tagF1: Array<{ dimension: string; svg: string }>;
}

export function reportCharts(model: ReportModel): ReportCharts {
  return { metricBars: metricBars(model), scatter: scatter(model), confusion: confusion(model), tagF1: tagF1(model) };
}

function metricBars(model: ReportModel): ReportCharts['metricBars'] {
  return model.dimensions.map((d) => ({
    dimension: d.id,
    svg: metricBarsSvg({
      dimension: d.id,
      metric: d.headlineMetric,
      ceiling: model.ceiling[d.id] ?? null,
      bars: model.configs.map((c, index) => {
        const s = c.score.dimensions[d.id];
        const ci = s ? ((s as Record<string, unknown>)[`${s.headline_metric}_ci95`] as [number, number] | null | undefined) : null;
        return { config: c.name, value: s?.headline ?? null, ci: ci ?? null, index };
      }),
    }),
  }));
}

/** Configurations with both a cost and an overall score; the others are listed as left out. */
function scatter(model: ReportModel): ReportCharts['scatter'] {
  const points: ScatterPoint[] = [];
  const leftOut: string[] = [];
  model.configs.forEach((c, index) => {
    const cost = c.stats?.costPerSample;
    if (cost === null || cost === undefined || c.score.overall === null) leftOut.push(c.name);
    else points.push({ config: c.name, cost, quality: c.score.overall, index });
  });
  if (!points.length) return null;
  return { svg: costQualitySvg(points), front: paretoFront(points).map((p) => p.config), left_out: leftOut };
}

function confusion(model: ReportModel): ReportCharts['confusion'] {
  const dims = model.dimensions.filter((d) => d.kind !== 'multi');
  return model.configs.map((c) => ({
    config: c.name,
    charts: dims.flatMap((d) => {
      const s = c.score.dimensions[d.id];
      if (!s || s.kind === 'multi') return [];
      return [{ dimension: d.id, svg: confusionSvg({ title: `${d.id} (rows gold, columns ${c.name})`, ...s.confusion }) }];
    }),
  }));
}

function tagF1(model: ReportModel): ReportCharts['tagF1'] {
  return model.dimensions
    .filter((d) => d.kind === 'multi')
    .map((d) => {
      const support = new Map<string, number>();
      const series = model.configs.map((c, index) => {
        const s = c.score.dimensions[d.id];
        const f1: Record<string, number> = {};
        if (s?.kind === 'multi') {
          for (const [tag, t] of Object.entries(s.per_tag)) {
            f1[tag] = t.f1;
            support.set(tag, Math.max(support.get(tag) ?? 0, t.support));
          }
        }
        return { config: c.name, index, f1 };
      });
      const tags = [...support].map(([tag, n]) => ({ tag, support: n })).sort((a, b) => b.support - a.support || a.tag.localeCompare(b.tag));
      return { dimension: d.id, svg: tagF1Svg({ dimension: d.id, tags, series }) };
    });
}
