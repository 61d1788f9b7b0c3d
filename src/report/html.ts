import Handlebars from 'handlebars';
import { reportCharts } from './charts.js';
import { strictCsp } from './csp.js';
import { diffStats, lineDiff, withContext } from './diff.js';
import type { ReportModel } from './model.js';
import { REPORT_CSS } from './styles.js';
import { summaryRows } from './summary.js';
import { calibrationSection, hasWarning, verdictSentence } from './calibration.js';
import { describeRanking } from '../score/index.js';
import { FILTER_SCRIPT, REPORT_TEMPLATE } from './template.js';
import { tagsOf, type Labels } from '../taxonomy/index.js';
import { sameTags } from './build.js';
import { formatDuration } from '../util/duration.js';

/** A fresh Handlebars environment with the one helper the templates use (no global registration). */
export function handlebarsEnv(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  return hb;
}

/** Render the comparison report as one self-contained HTML page (inline CSS and SVG, no network, strict CSP). */
export function renderReportHtml(model: ReportModel): string {
  const template = handlebarsEnv().compile(REPORT_TEMPLATE, { strict: false });
  return template({
    m: model,
    csp: strictCsp([FILTER_SCRIPT]),
    css: REPORT_CSS,
    script: FILTER_SCRIPT,
    rows: summaryRows(model),
    detectable: model.detectable.map((d) => ({ config: d.config, n: d.n, drops: model.dimensions.map((dim) => { const v = d.drops[dim.id]; return v === null || v === undefined ? '–' : v.toFixed(3); }) })),
    charts: reportCharts(model),
    calibration: calibrationView(model),
    hasCeiling: Object.values(model.ceiling).some((c) => c.value !== null),
    samples: explorerSamples(model),
    diffs: promptDiffs(model),
    promptVersions: Object.entries(model.versions.prompts).map(([name, hash]) => ({ name, hash })),
    runTime: model.run ? formatDuration(model.run.elapsedMs, 'prose') : '',
    ranking: model.ranking ? describeRanking(model.ranking) : '',
  });
}

function calibrationView(model: ReportModel) {
  const cal = calibrationSection(model);
  if (!cal) return null;
  return {
    ...cal,
    verdicts: cal.verdicts.map((v) => ({ config: v.config, sentence: verdictSentence(v), warn: hasWarning(v) })),
  };
}

const show = (labels: Labels | null | undefined, dim: string): string => (labels === null ? '(failed)' : tagsOf(labels, dim).join(', ') || '—');

function explorerSamples(model: ReportModel) {
  const names = model.configs.map((c) => c.name);
  return model.disagreements.map((s) => ({
    id: s.id,
    dims: s.dims,
    dimsAttr: s.dims.join(' '),
    excerpt: s.excerpt,
    configNames: names,
    rows: s.dims.map((dim) => ({
      dim,
      gold: show(s.gold, dim),
      preds: names.map((n) => {
        if (!(n in s.preds)) return { text: '(not labeled)', cls: '' };
        const p = s.preds[n] ?? null;
        return { text: show(p, dim), cls: p !== null && sameTags(s.gold, p, dim) ? 'hit' : 'miss' };
      }),
    })),
  }));
}

/** Diff of each template file between consecutive prompt versions (in the order the run lists them). */
function promptDiffs(model: ReportModel) {
  const out = [];
  const versions = [...model.prompts].sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true }));
  for (let i = 1; i < versions.length; i++) {
    const a = versions[i - 1]!;
    const b = versions[i]!;
    for (const file of [...new Set([...Object.keys(a.files), ...Object.keys(b.files)])].sort()) {
      const lines = lineDiff(a.files[file] ?? '', b.files[file] ?? '');
      const { added, removed } = diffStats(lines);
      const shown = withContext(lines, 3).map((l) =>
        l === null ? { sep: true } : { op: l.op, mark: l.op === 'add' ? '+' : l.op === 'del' ? '-' : ' ', text: l.text },
      );
      out.push({ from: a.version, to: b.version, file, added, removed, lines: shown });
    }
  }
  return out;
}
