import type { RuleViolation } from '../labelers/schema.js';
import type { Signals } from '../preprocess/index.js';
import type { Labels, Taxonomy } from '../taxonomy/index.js';
import { normaliseLabels, type MappedTag, type UnmappedTag } from './normalise.js';
import { evaluateRules } from './rules.js';

export interface ValidationResult {
  /** Canonical labels after alias mapping (unmapped tags left out). */
  labels: Labels;
  unmapped: UnmappedTag[];
  mapped: MappedTag[];
  /** Rule violations, plus shape problems of the raw labels as rule `label-shape` (severity error). */
  violations: RuleViolation[];
  skipped_rules: string[];
  /** No error-severity violation and no shape problem. Unmapped tags alone do not invalidate. */
  valid: boolean;
}

/** The pseudo rule id under which shape problems of the raw labels are reported. */
export const LABEL_SHAPE_RULE = 'label-shape';

/** Normalise raw labels, then run every consistency rule. Pure. */
export function validateLabels(raw: unknown, tax: Taxonomy, signals?: Partial<Signals>): ValidationResult {
  const norm = normaliseLabels(raw, tax);
  const rules = evaluateRules(norm.labels, tax, signals);
  const shape: RuleViolation[] = norm.problems.map((message) => ({ rule: LABEL_SHAPE_RULE, severity: 'error', message }));
  const violations = [...shape, ...rules.violations];
  return {
    labels: norm.labels,
    unmapped: norm.unmapped,
    mapped: norm.mapped,
    violations,
    skipped_rules: rules.skipped,
    valid: !violations.some((v) => v.severity === 'error'),
  };
}
