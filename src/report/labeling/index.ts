export { loadLabelingSummary, CONFIDENCE_BINS, type LabelingSummary, type CalibrationInput } from './model.js';
export { renderLabelingHtml, renderLabelingMarkdown } from './render.js';
export { writeLabelingSummary } from './write.js';
