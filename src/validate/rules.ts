import type { RuleViolation } from '../labelers/monitor.js';
import type { Signals } from '../preprocess/index.js';
import { tagsOf, type Condition, type ConsistencyRule, type Labels, type Taxonomy } from '../taxonomy/index.js';
import { dimensionsOf, evaluateCondition, signalsOf, type SignalValues } from './conditions.js';
import { cardinalityProblems, noneExclusivityProblems } from './structure.js';

export interface RuleEvaluation {
  violations: RuleViolation[];
  /** Ids of rules not evaluated: a signal they need is missing, or an unknown builtin. */
  skipped: string[];
}

type Builtin = (labels: Labels, tax: Taxonomy, signals: SignalValues, params: Record<string, unknown>) => string[];

/** Procedural checks named by `check: {builtin: NAME}`; each returns one message per problem. */
const BUILTINS: Readonly<Record<string, Builtin>> = {
  cardinality_and_pool: (labels, tax) => cardinalityProblems(labels, tax),
  none_exclusive: (labels, tax) => noneExclusivityProblems(labels, tax),
  signal_subset_of_dimension: (labels, _tax, signals, params) => {
    const signal = String(params['signal']);
    const dimension = String(params['dimension']);
    const wanted = signals[signal];
    if (!Array.isArray(wanted)) return [];
    const have = tagsOf(labels, dimension);
    const missing = wanted.filter((t): t is string => typeof t === 'string' && !have.includes(t));
    return missing.length ? [`${dimension}: missing ${missing.join(', ')} found in signal ${signal} (has ${have.join(', ') || 'nothing'})`] : [];
  },
  task_intent_compat: (labels, tax) => {
    const intent = labels['intent'];
    const tasks = tagsOf(labels, 'task');
    if (typeof intent !== 'string' || tasks.length === 0) return [];
    const pool = tax.tagsByDim.get('task');
    const ok = tasks.some((t) => pool?.get(t)?.typical_intents?.includes(intent));
    return ok ? [] : [`task: none of ${tasks.join(', ')} lists intent "${intent}" in typical_intents`];
  },
};

/** Signals a rule needs, so it can be skipped when preprocessing did not provide them. */
function requiredSignals(rule: ConsistencyRule): string[] {
  const c = rule.check;
  if ('builtin' in c) return typeof c['signal'] === 'string' ? [c['signal']] : [];
  if ('iff' in c) return [...signalsOf(c.iff[0]), ...signalsOf(c.iff[1])];
  return [...signalsOf(c.if), ...signalsOf(c.then)];
}

/** What the labels and signals a condition rule looked at actually were, for the violation message. */
function facts(rule: ConsistencyRule, labels: Labels, signals: SignalValues): string {
  const c = rule.check;
  let conds: Condition[] = [];
  if ('iff' in c && !('builtin' in c)) conds = [c.iff[0], c.iff[1]];
  else if ('if' in c && !('builtin' in c)) conds = [c.if, c.then];
  const dims = [...new Set(conds.flatMap(dimensionsOf))].map((d) => `${d}=${tagsOf(labels, d).join(',') || '(missing)'}`);
  const sigs = [...new Set(conds.flatMap(signalsOf))].map((s) => `${s}=${JSON.stringify(signals[s])}`);
  return [...dims, ...sigs].join('; ');
}

/**
 * Run the taxonomy's consistency rules over canonical labels. A rule that needs a signal not present in
 * `signals` is skipped (listed in `skipped`), never failed. Pure.
 */
export function evaluateRules(labels: Labels, tax: Taxonomy, signals: Partial<Signals> = {}): RuleEvaluation {
  const values = signals as SignalValues;
  const out: RuleEvaluation = { violations: [], skipped: [] };
  for (const rule of tax.file.consistency_rules) {
    if (requiredSignals(rule).some((s) => values[s] === undefined)) {
      out.skipped.push(rule.id);
      continue;
    }
    const c = rule.check;
    const add = (detail: string): void => {
      out.violations.push({ rule: rule.id, severity: rule.severity, message: `${rule.id}: ${detail} (${rule.statement})` });
    };
    if ('builtin' in c) {
      const fn = BUILTINS[c.builtin];
      if (!fn) out.skipped.push(rule.id);
      else for (const msg of fn(labels, tax, values, c)) add(msg);
    } else if ('iff' in c) {
      if (evaluateCondition(c.iff[0], labels, values) !== evaluateCondition(c.iff[1], labels, values)) add(facts(rule, labels, values));
    } else if (evaluateCondition(c.if, labels, values) && !evaluateCondition(c.then, labels, values)) {
      add(facts(rule, labels, values));
    }
  }
  return out;
}
