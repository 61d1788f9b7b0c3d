import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CONFIG, loadRunModel, PAYLOAD_IMG, PAYLOAD_TITLE, writeAnnotatorRun } from './__fixtures__/annotator-run.js';
import { FILTER_SCRIPT } from './template.js';
import { renderReportHtml, renderReportMarkdown, renderTerminalSummary, type ReportModel } from './index.js';

let tmp: string;
let model: ReportModel;
let hostile: ReportModel;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sft-label-report-'));
  model = loadRunModel(writeAnnotatorRun(join(tmp, 'plain')), { now: () => new Date('2026-11-25T12:00:00Z') });
  hostile = loadRunModel(writeAnnotatorRun(join(tmp, 'hostile'), { hostile: true }), { now: () => new Date('2026-11-25T12:00:00Z') });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('renderReportHtml', () => {
  it('is self-contained: no URL to fetch, a strict CSP whose script hash matches the one inline script', () => {
    const html = renderReportHtml(model);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/<(link|iframe|object|embed|img|image|use|audio|video|source)\b/i);
    expect(html).not.toMatch(/@import|url\(/);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(FILTER_SCRIPT).digest('base64');
    expect(csp.replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'")).toBe(
      `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`,
    );
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain(`<script>${FILTER_SCRIPT}</script>`);
  });

  it('escapes every payload: none appears raw, each appears escaped', () => {
    const html = renderReportHtml(hostile);
    for (const p of [PAYLOAD_IMG, PAYLOAD_TITLE, HOSTILE_CONFIG]) expect(html).not.toContain(p);
    expect(html).not.toMatch(/<img|<svg onload|onerror=/i);
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;window.__pwned&#x3D;1&gt;');
    // Inside SVG too: the hostile tag is a confusion-matrix label and a per-tag bar label.
    expect(html).toMatch(/<text[^>]*>&lt;img src&#x3D;x/);
  });

  it('marks best per column and significant differences against the baseline', () => {
    const html = renderReportHtml(model);
    const ann2Row = /<tr>\s*<td class="name">ann2<\/td>[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    // ann2 vs ann1 on constraint: alpha-MASI 0.824 vs 0.975, p < 0.05 -> marked worse.
    const d = model.configs[1]!.vsBaseline!.dimensions.constraint!;
    expect(d.p_value!).toBeLessThan(0.05);
    expect(ann2Row).toContain('sig-down');
    expect(ann2Row).toContain('class="best"');
    expect(html).toContain('id="metric-charts"');
  });
});

describe('renderReportMarkdown', () => {
  it('writes one table row per configuration, escaping pipes and markup from names', () => {
    const md = renderReportMarkdown({ ...hostile, configs: hostile.configs.map((c, i) => (i === 2 ? { ...c, name: 'a|b*c*' } : c)) });
    expect(md).toContain('| a\\|b\\*c\\* |');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<script');
    const summary = md.split('\n').filter((l) => l.startsWith('| ann') || l.startsWith('| a\\|'));
    expect(summary.length).toBeGreaterThanOrEqual(3);
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) {
      // Every row of a table has as many unescaped pipes as its header.
      expect(line.replace(/\\\|/g, '').split('|').length).toBeGreaterThan(2);
    }
  });
});

describe('renderTerminalSummary', () => {
  it('has a column per configuration and marks the baseline and significant changes', () => {
    const out = renderTerminalSummary(model);
    expect(out).toContain('ann1 (base)');
    expect(out).toMatch(/constraint \(alpha_masi\).*0\.975.*0\.824 ▼/);
  });
});
