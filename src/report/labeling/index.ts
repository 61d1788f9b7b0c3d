export { loadLabelingSummary, CONFIDENCE_BINS, type LabelingSummary } from './model.js';
export { renderLabelingHtml, renderLabelingMarkdown } from './render.js';
export { writeLabelingSummary } from './write.js';
