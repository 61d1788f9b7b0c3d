import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrationFigures, type CalibrationReport, type CalibrationPoint } from '../calibration/index.js';
import { HOSTILE_CONFIG, loadRunModel, writeAnnotatorRun } from './__fixtures__/annotator-run.js';
import { renderReportHtml, renderReportMarkdown, type ReportModel } from './index.js';

const P = (confidence: number, correct: boolean): CalibrationPoint => ({ confidence, correct });
// The worked example of src/calibration/calibration.test.ts: ECE 0.25 (3 bins), Brier 0.245, AUROC 6/9.
const worked = [P(0.9, true), P(0.9, false), P(0.8, true), P(0.6, false), P(0.6, true), P(0.3, false)];
const flat = [P(0.9, true), P(0.9, false), P(0.9, true), P(0.9, false)];

function calibration(): CalibrationReport {
  const a = calibrationFigures(worked, { bins: 3, bootstrap: 0 });
  const b = calibrationFigures(flat, { bootstrap: 100 });
  return { intent: { ...a, n_missing: 1, verdict: 'undetermined' }, concept: { ...b, n_missing: 0, verdict: 'uninformative' } };
}

let tmp: string;
let model: ReportModel;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sft-label-report-cal-'));
  const base = loadRunModel(writeAnnotatorRun(join(tmp, 'hostile'), { hostile: true }), { now: () => new Date('2026-11-25T12:00:00Z') });
  model = { ...base, configs: base.configs.map((c) => ({ ...c, calibration: calibration() })) };
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('calibration in the reports', () => {
  it('HTML: verdict per configuration in plain words, the table, a reliability diagram and a coverage curve per dimension', () => {
    const html = renderReportHtml(model);
    const section = html.slice(html.indexOf('<h2 id="calibration">'), html.indexOf('<h2 id="confusion">'));
    expect(section).toContain('confidence uninformative on concept: AUROC 0.50 [0.50, 0.50]; not assessable on intent: AUROC 0.67, no confidence interval');
    expect(section).toContain('id="calibration-table"');
    // Rows: the worked example's figures (ECE 0.25, Brier 0.245, AUROC 0.667), n with the missing count.
    expect(section).toMatch(/<td class="name">intent<\/td><td>6 \(\+1 without\)<\/td><td>50\.0%<\/td><td>0\.683<\/td><td>0\.250<\/td><td>0\.245<\/td><td>0\.667<\/td>/);
    const dims = model.dimensions.length;
    expect(section.match(/<svg /g)).toHaveLength(2 * dims);
    expect(section).toContain('intent: reliability (confidence vs agreement)');
    expect(section).toContain('concept: accuracy vs coverage');
    // The diagonal, and one dot per reliability bin per configuration (3 bins for intent).
    expect(section).toContain('class="ideal"');
    expect(section.match(/confidence 0\.30–0\.60 \(mean 0\.500\), 3 labels, 33\.3% agree with gold/g)).toHaveLength(model.configs.length);
    // Configuration names from data are escaped in the legends and verdicts too.
    expect(section).not.toContain(HOSTILE_CONFIG);
  });

  it('Markdown: the verdicts and the calibration table', () => {
    const md = renderReportMarkdown(model);
    expect(md).toContain('### Calibration of confidence');
    expect(md).toMatch(/\| intent \| 6 \(\+1 without\) \| 50\.0% \| 0\.683 \| 0\.250 \| 0\.245 \| 0\.667 \|  \| undetermined \|/);
    expect(md).toContain('confidence uninformative on concept: AUROC 0.50 \\[0.50, 0.50\\]');
  });

  it('says so when the metrics predate calibration', () => {
    const old = { ...model, configs: model.configs.map((c) => ({ ...c, calibration: null })) };
    expect(renderReportHtml(old)).toContain('has no calibration figures');
    expect(renderReportMarkdown(old)).not.toContain('### Calibration');
  });
});

describe('verdictSentence', () => {
  it('groups dimensions by verdict, warnings first', async () => {
    const { verdictSentence } = await import('./calibration.js');
    expect(verdictSentence({
      config: 'c',
      dims: [
        { dimension: 'intent', verdict: 'uninformative', detail: 'AUROC 0.56 [0.43, 0.69]' },
        { dimension: 'language', verdict: 'informative', detail: 'AUROC 0.90 [0.80, 0.97]' },
        { dimension: 'concept', verdict: 'uninformative', detail: 'AUROC 0.47 [0.35, 0.55]' },
        { dimension: 'agentic', verdict: 'undetermined', detail: 'all 12 labels agree with gold' },
      ],
    })).toBe('confidence uninformative on intent (AUROC 0.56 [0.43, 0.69]), concept (AUROC 0.47 [0.35, 0.55]); informative on language; not assessable on agentic: all 12 labels agree with gold');
  });
});
