import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Taxonomy } from '../../taxonomy/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { loadLabelingSummary, type CalibrationInput, type LabelingSummary } from './model.js';
import { renderLabelingHtml, renderLabelingMarkdown } from './render.js';

/**
 * Render the labeling summary of a production run as `summary_<name>.html` and `.md` (names from the labeled file,
 * like stats_<name>.json), in `outDir` or beside the labeled file.
 */
export async function writeLabelingSummary(opts: { labels: string; stats?: string; outDir?: string; taxonomy: Taxonomy; calibration?: CalibrationInput }): Promise<{ html: string; markdown: string; summary: LabelingSummary }> {
  const summary = await loadLabelingSummary(opts);
  const dir = opts.outDir ?? dirname(opts.labels);
  const stem = basename(opts.labels, extname(opts.labels)).replace(/^labeled_(?=.)/, '');
  mkdirSync(dir, { recursive: true });
  const html = join(dir, `summary_${stem}.html`);
  const markdown = join(dir, `summary_${stem}.md`);
  writeFileAtomic(html, renderLabelingHtml(summary));
  writeFileAtomic(markdown, renderLabelingMarkdown(summary));
  return { html, markdown, summary };
}
