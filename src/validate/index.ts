export { normaliseLabels, resolveTag, type NormalisedLabels, type MappedTag, type UnmappedTag } from './normalise.js';
export { checkLabelSet, cardinalityProblems, noneExclusivityProblems } from './structure.js';
export { evaluateCondition, type SignalValues } from './conditions.js';
export { evaluateRules, type RuleEvaluation } from './rules.js';
export { validateLabels, LABEL_SHAPE_RULE, type ValidationResult, type ValidateOptions } from './validate.js';
export { repairStructure, type StructuralRepair } from './repair.js';
export { NEAR_MISSES } from './near-misses.js';
