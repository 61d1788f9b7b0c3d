/**
 * Review stage: export labeled samples to a CSV a person can check in a spreadsheet, and import their corrections
 * back into a gold set as recorded, validated changes. CSV cells are neutralised against formula injection.
 */
export { exportReviewCsv, calibrationOf, issuesText, type ReviewExportOptions, type ReviewExportResult } from './export.js';
export { planReviewImport, type LabelChange, type ReviewPlan, type SampleAddition } from './import.js';
export { writeCandidatesCsv, readCandidateSamples, candidateSamplesPath, CANDIDATE_COLUMNS, type WriteCandidatesOptions } from './candidates.js';
export { importReviewCsv, withUnreleasedEntry, spacedJson, type ReviewImportOptions, type ReviewImportResult } from './apply.js';
export { neutraliseCell, restoreCell, FORMULA_TRIGGERS } from './csv-safety.js';
export { selectForReview, REVIEW_DEFAULTS, type ReviewCandidate, type ReviewPick, type ReviewSelectOptions } from './select.js';
export { reviewColumns, SELECTION_COLUMNS, splitTags, columnLetter, CORRECTION_SUFFIX, CONFIDENCE_SUFFIX, GOLD_SUFFIX, RFC4180_OPTIONS } from './columns.js';
