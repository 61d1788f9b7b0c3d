import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { renderReportHtml } from './html.js';
import { renderReportMarkdown } from './markdown.js';
import type { ReportModel } from './model.js';

export interface WrittenReport {
  html: string;
  markdown: string;
  model: ReportModel;
}

/** Write report.html and report.md for a model into `outDir` (atomically: a reader never sees half a page). */
export function writeReportFiles(model: ReportModel, outDir: string): WrittenReport {
  mkdirSync(outDir, { recursive: true });
  const html = join(outDir, 'report.html');
  const markdown = join(outDir, 'report.md');
  writeFileAtomic(html, renderReportHtml(model));
  writeFileAtomic(markdown, renderReportMarkdown(model));
  return { html, markdown, model };
}
