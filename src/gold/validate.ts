import { existsSync } from 'node:fs';
import type { Taxonomy } from '../taxonomy/index.js';
import { checkLabelSet, evaluateRules } from '../validate/index.js';
import { readGoldSet } from './load.js';
import { readGoldConversations } from './samples.js';
import { manifestProblems } from './version.js';

/** A consistency-rule violation of a gold label set, with where it is. */
export interface GoldRuleViolation {
  file: string;
  line: number;
  id: string;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface GoldValidation {
  /** Problems that make the set unusable: unreadable samples, bad ids, invalid label sets, manifest mismatch. */
  errors: string[];
  warnings: string[];
  /** Consistency-rule violations of the adjudicated labels (signals from preprocessing). */
  ruleViolations: GoldRuleViolation[];
  counts: { samples: number; labels: number; annotations: Record<string, number> };
}

export interface ValidateGoldOptions {
  taxonomy: Taxonomy;
  /** Count error-severity rule violations of the gold labels as errors. Default false: they are listed. */
  strictRules?: boolean;
}

/** Builtin rules that restate checkLabelSet; evaluating them again would only repeat its messages. */
const STRUCTURAL_BUILTINS = new Set(['cardinality_and_pool', 'none_exclusive']);

/**
 * Check a gold set folder completely and report every problem at once, each with file, line, id, dimension and
 * value: files and shapes (readGoldSet), manifest hashes and counts, every sample readable as a Conversation,
 * every gold and annotation label set valid against the taxonomy (pools, cardinality, none-exclusivity), and the
 * consistency rules evaluated on the gold labels with preprocessing signals.
 */
export async function validateGoldSet(dir: string, opts: ValidateGoldOptions): Promise<GoldValidation> {
  const tax = opts.taxonomy;
  const { set, problems } = readGoldSet(dir);
  const errors = [...problems];
  const warnings: string[] = [];
  if (set.manifest) errors.push(...manifestProblems(set, tax.version));
  else warnings.push(...manifestProblems(set, tax.version));

  // A missing samples file is already a problem from readGoldSet; the reader would only throw on it.
  const read = existsSync(set.files.samples) ? await readGoldConversations(set, tax) : { samples: [], problems: [] };
  errors.push(...read.problems);
  const sampleLines = new Map(set.samples.map((s) => [s.value.id, s.line]));
  for (const s of read.samples) {
    if (!sampleLines.has(s.id)) errors.push(`${set.files.samples}:${s.line}: reader gave id "${s.id}", which is not a gold id`);
  }

  const labelFiles: Array<[string, Array<{ line: number; value: { id: string; labels: Record<string, string | string[]> } }>]> = [
    [set.files.labels, set.labels],
    ...Object.entries(set.annotations).map(([name, rows]) => [set.files.annotations[name] ?? name, rows] as [string, typeof rows]),
  ];
  for (const [file, rows] of labelFiles) {
    for (const row of rows) {
      for (const p of checkLabelSet(row.value.labels, tax)) errors.push(`${file}:${row.line}: id "${row.value.id}": ${p}`);
    }
  }

  const ruleViolations: GoldRuleViolation[] = [];
  const signalsById = new Map(read.samples.map((s) => [s.id, s.signals]));
  const builtinOf = new Map(tax.file.consistency_rules.map((r) => [r.id, 'builtin' in r.check ? String(r.check.builtin) : '']));
  for (const row of set.labels) {
    const signals = signalsById.get(row.value.id);
    if (!signals) continue;
    for (const v of evaluateRules(row.value.labels, tax, signals).violations) {
      if (STRUCTURAL_BUILTINS.has(builtinOf.get(v.rule) ?? '')) continue;
      ruleViolations.push({ file: set.files.labels, line: row.line, id: row.value.id, rule: v.rule, severity: v.severity, message: v.message });
    }
  }
  if (opts.strictRules) {
    for (const v of ruleViolations.filter((x) => x.severity === 'error')) errors.push(`${v.file}:${v.line}: id "${v.id}": ${v.message}`);
  }
  const annotations = Object.fromEntries(Object.entries(set.annotations).map(([k, rows]) => [k, rows.length]));
  return { errors, warnings, ruleViolations, counts: { samples: set.samples.length, labels: set.labels.length, annotations } };
}
