import type { RuleViolation } from '../labelers/monitor.js';
import type { Signals } from '../preprocess/index.js';
import type { Labels, Taxonomy } from '../taxonomy/index.js';
import { normaliseLabels, type MappedTag, type UnmappedTag } from './normalise.js';
import { repairStructure, type StructuralRepair } from './repair.js';
import { evaluateRules } from './rules.js';

export interface ValidationResult {
  /** Canonical labels after alias mapping (unmapped tags left out). */
  labels: Labels;
  unmapped: UnmappedTag[];
  mapped: MappedTag[];
  /** Rule violations, plus shape problems of the raw labels as rule `label-shape` (severity error). */
  violations: RuleViolation[];
  skipped_rules: string[];
  /** Structural fixes made when `repair` was asked for (empty otherwise). */
  repaired: StructuralRepair[];
  /** No error-severity violation and no shape problem. Unmapped tags alone do not invalidate. */
  valid: boolean;
}

/** The pseudo rule id under which shape problems of the raw labels are reported. */
export const LABEL_SHAPE_RULE = 'label-shape';

export interface ValidateOptions {
  /** Settle unambiguous structural problems (see repairStructure) before the rules run. Default false. */
  repair?: boolean;
}

/** Normalise raw labels, optionally repair their structure, then run every consistency rule. Pure. */
export function validateLabels(
  raw: unknown,
  tax: Taxonomy,
  signals?: Partial<Signals>,
  options: ValidateOptions = {},
): ValidationResult {
  const norm = normaliseLabels(raw, tax);
  const fixed = options.repair ? repairStructure(norm.labels, tax) : { labels: norm.labels, repaired: [] };
  const rules = evaluateRules(fixed.labels, tax, signals);
  const shape: RuleViolation[] = norm.problems.map((message) => ({ rule: LABEL_SHAPE_RULE, severity: 'error', message }));
  const violations = [...shape, ...rules.violations];
  return {
    labels: fixed.labels,
    unmapped: norm.unmapped,
    mapped: norm.mapped,
    violations,
    skipped_rules: rules.skipped,
    repaired: fixed.repaired,
    valid: !violations.some((v) => v.severity === 'error'),
  };
}
