/**
 * Review stage: export labeled samples to a CSV a person can check in a spreadsheet, and import their corrections
 * back into a gold set as recorded, validated changes. CSV cells are neutralised against formula injection.
 */
export { exportReviewCsv, issuesText, type ReviewExportOptions, type ReviewExportResult } from './export.js';
export { planReviewImport, type LabelChange, type ReviewPlan, type SampleAddition } from './import.js';
export { writeCandidatesCsv, readCandidateSamples, candidateSamplesPath, CANDIDATE_COLUMNS, type WriteCandidatesOptions } from './candidates.js';
export { importReviewCsv, withUnreleasedEntry, spacedJson, type ReviewImportOptions, type ReviewImportResult } from './apply.js';
export { neutraliseCell, restoreCell, FORMULA_TRIGGERS } from './csv-safety.js';
export { reviewColumns, splitTags, columnLetter, CORRECTION_SUFFIX, CONFIDENCE_SUFFIX } from './columns.js';
