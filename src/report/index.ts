/**
 * Report stage: turns a run's results (handed over by the runner, at the end of a run or read back from its folder)
 * into one self-contained report.html (inline CSS and SVG, strict CSP), report.md for pull requests, and terminal
 * tables; plus the labeling summary of a production run. It knows nothing of the runner's files: the runner builds
 * the model's input (runner/report.ts). Renderers are pure (model in, text out); only write*.ts and labeling/ touch files.
 */
export type {
  ReportModel, ReportConfig, ReportDimension, ReportVersions, ConfigStats, CeilingValue, DisagreementSample, PromptText, BaselineDiff,
} from './model.js';
export { isSignificant, SIGNIFICANCE_LEVEL } from './model.js';
export { buildReportModel, ceilingOf, type BuildReportOptions, type ConfigInput, type PairedLike } from './build.js';
export { renderReportHtml } from './html.js';
export { renderReportMarkdown, mdTable } from './markdown.js';
export { renderTerminalSummary } from './terminal.js';
export { writeReportFiles, type WrittenReport } from './write.js';
export { readJsonFile } from './read-json.js';
export { lineDiff, withContext, diffStats, type DiffLine } from './diff.js';
export { escapeHtml, escapeMarkdown } from './escape.js';
export { strictCsp } from './csp.js';
export { paretoFront } from './svg/scatter.js';
export { conversationExcerpt, EXCERPT_CHARS } from './excerpt.js';
export { loadLabelingSummary, renderLabelingHtml, renderLabelingMarkdown, writeLabelingSummary, CONFIDENCE_BINS, type LabelingSummary, type CalibrationInput } from './labeling/index.js';
