import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/index.js';
import { packagePath } from '../util/paths.js';
import { describeZodIssues, parseYamlLocated, type LocatedYaml } from '../util/yaml.js';
import { ConditionSchema, TaxonomyFileSchema, type Condition, type TaxonomyFile } from './schema.js';
import { readTaxonomySnapshot, snapshotPathFor, writeTaxonomySnapshot } from './snapshot.js';
import { buildTaxonomy, normaliseTagSpelling, type Taxonomy } from './taxonomy.js';

/** The taxonomy shipped with the package. */
export const DEFAULT_TAXONOMY_PATH = (): string => packagePath('src', 'taxonomy', 'v3.1.yaml');

export interface LoadTaxonomyOptions {
  /** YAML file to read; default: the bundled v3.1. */
  path?: string;
  /**
   * Snapshot consulted before parsing the YAML (used only when made from exactly this text; see snapshot.ts).
   * Default: dist/taxonomy/<name>.snapshot.json of the package; false always parses the YAML.
   */
  snapshot?: string | false;
}

/**
 * Read, schema-check and cross-check a taxonomy file. Every problem is listed at once in one ConfigError,
 * each as `file:line: path: message`. A build-time snapshot of the same text skips the parse and checks.
 */
export function loadTaxonomy(options: LoadTaxonomyOptions = {}): Taxonomy {
  const file = options.path ?? DEFAULT_TAXONOMY_PATH();
  const text = readTaxonomyText(file);
  const snapshot = options.snapshot === false ? null : readTaxonomySnapshot(options.snapshot ?? snapshotPathFor(file), text);
  return buildTaxonomy(snapshot ?? checkedTaxonomy(text, file));
}

/** Check a taxonomy file in full and write its snapshot (`npm run build` does it for the bundled one). */
export function snapshotTaxonomy(options: { path?: string; snapshot?: string } = {}): string {
  const file = options.path ?? DEFAULT_TAXONOMY_PATH();
  const text = readTaxonomyText(file);
  const target = options.snapshot ?? snapshotPathFor(file);
  writeTaxonomySnapshot(target, text, checkedTaxonomy(text, file));
  return target;
}

function readTaxonomyText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read taxonomy file ${file}: ${(err as Error).message}`, [], { file }, { cause: err });
  }
}

function checkedTaxonomy(text: string, file: string): TaxonomyFile {
  const { problems, parsed } = parseTaxonomyText(text, file);
  if (problems.length || !parsed) throw new ConfigError(`invalid taxonomy ${file}: ${problems.length} problem(s)`, problems, { file });
  return parsed;
}

/** Every problem of a taxonomy file's text (empty when valid). Pure apart from parsing. */
export function checkTaxonomyText(text: string, file: string): string[] {
  return parseTaxonomyText(text, file).problems;
}

/** Parse once: the checked file when there is no problem, else every problem. */
function parseTaxonomyText(text: string, file: string): { problems: string[]; parsed?: TaxonomyFile } {
  const located = parseYamlLocated(text, file);
  if (located.syntaxErrors.length) return { problems: located.syntaxErrors };
  const result = TaxonomyFileSchema.safeParse(located.data);
  if (!result.success) return { problems: describeZodIssues(result.error.issues, file, located) };
  const problems = crossCheck(result.data, file, located);
  return problems.length ? { problems } : { problems, parsed: result.data };
}

/** Checks the schema cannot express: unique ids, totals, none tags, ranks, rule references. */
function crossCheck(tax: TaxonomyFile, file: string, located: LocatedYaml): string[] {
  const problems: string[] = [];
  const at = (path: PropertyKey[], msg: string): void => {
    const line = located.lineOf(path);
    const dotted = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${String(p)}` : String(p))).join('');
    problems.push(`${file}${line ? `:${line}` : ''}: ${dotted}: ${msg}`);
  };
  const dimIds = new Set<string>();
  let total = 0;
  tax.dimensions.forEach((dim, d) => {
    if (dimIds.has(dim.id)) at(['dimensions', d, 'id'], `duplicate dimension id "${dim.id}"`);
    dimIds.add(dim.id);
    if (dim.min > dim.max) at(['dimensions', d, 'min'], `min ${dim.min} is greater than max ${dim.max}`);
    if (dim.selection === 'single' && (dim.min !== 1 || dim.max !== 1))
      at(['dimensions', d, 'selection'], `single-select dimension must have min 1 and max 1 (has ${dim.min}..${dim.max})`);
    const tagIds = new Set<string>();
    const spellings = new Map<string, string>();
    dim.tags.forEach((tag, t) => {
      total++;
      if (tagIds.has(tag.id)) at(['dimensions', d, 'tags', t, 'id'], `duplicate tag id "${tag.id}" in ${dim.id}`);
      tagIds.add(tag.id);
      for (const [a, alias] of (tag.aliases ?? []).entries()) {
        const key = normaliseTagSpelling(alias);
        const owner = spellings.get(key);
        if (owner && owner !== tag.id)
          at(['dimensions', d, 'tags', t, 'aliases', a], `alias "${alias}" of ${tag.id} is already an alias of ${owner}`);
        spellings.set(key, tag.id);
      }
    });
    dim.tags.forEach((tag, t) => {
      for (const [a, alias] of (tag.aliases ?? []).entries()) {
        const key = normaliseTagSpelling(alias);
        if (tagIds.has(key) && key !== tag.id)
          at(['dimensions', d, 'tags', t, 'aliases', a], `alias "${alias}" of ${tag.id} is the id of another tag`);
      }
    });
    if (dim.none_tag !== null && !tagIds.has(dim.none_tag))
      at(['dimensions', d, 'none_tag'], `none_tag "${dim.none_tag}" is not a tag of ${dim.id}`);
    if (dim.ordinal) {
      const ranks = dim.tags.map((t) => t.rank);
      if (ranks.some((r) => r === undefined)) at(['dimensions', d, 'tags'], `ordinal dimension ${dim.id}: every tag needs a rank`);
      else {
        const sorted = [...(ranks as number[])].sort((a, b) => a - b);
        if (sorted.some((r, i) => r !== i + 1))
          at(['dimensions', d, 'tags'], `ordinal dimension ${dim.id}: ranks must be 1..${dim.tags.length} without gaps (got ${ranks.join(', ')})`);
      }
    }
  });
  if (total !== tax.total_tags) at(['total_tags'], `total_tags says ${tax.total_tags} but the dimensions list ${total} tags`);

  const intent = tax.dimensions.find((d) => d.id === 'intent');
  if (intent) {
    const intents = new Set(intent.tags.map((t) => t.id));
    tax.dimensions.forEach((dim, d) =>
      dim.tags.forEach((tag, t) =>
        (tag.typical_intents ?? []).forEach((i, k) => {
          if (!intents.has(i)) at(['dimensions', d, 'tags', t, 'typical_intents', k], `unknown intent "${i}"`);
        }),
      ),
    );
  }

  const signals = new Set(tax.signals.map((s) => s.id));
  const ruleIds = new Set<string>();
  tax.consistency_rules.forEach((rule, r) => {
    if (ruleIds.has(rule.id)) at(['consistency_rules', r, 'id'], `duplicate rule id "${rule.id}"`);
    ruleIds.add(rule.id);
    const base: PropertyKey[] = ['consistency_rules', r, 'check'];
    const check = rule.check as Record<string, unknown>;
    const conds: Array<[Condition, PropertyKey[]]> = [];
    if ('if' in check) conds.push([check.if as Condition, [...base, 'if']], [check.then as Condition, [...base, 'then']]);
    if ('iff' in check) (check.iff as Condition[]).forEach((c, i) => conds.push([c, [...base, 'iff', i]]));
    if ('builtin' in check) {
      const known = ['cardinality_and_pool', 'none_exclusive', 'signal_subset_of_dimension', 'task_intent_compat'];
      if (!known.includes(String(check.builtin))) at([...base, 'builtin'], `unknown builtin "${String(check.builtin)}" (known: ${known.join(', ')})`);
      if (check.signal !== undefined && !signals.has(String(check.signal))) at([...base, 'signal'], `unknown signal "${String(check.signal)}"`);
      if (check.dimension !== undefined && !dimIds.has(String(check.dimension))) at([...base, 'dimension'], `unknown dimension "${String(check.dimension)}"`);
    }
    for (const [c, path] of conds) checkCondition(c, path);
  });

  function checkCondition(c: Condition, path: PropertyKey[]): void {
    ConditionSchema.parse(c);
    if ('all' in c) return c.all.forEach((x, i) => checkCondition(x, [...path, 'all', i]));
    if ('any' in c) return c.any.forEach((x, i) => checkCondition(x, [...path, 'any', i]));
    if ('not' in c) return checkCondition(c.not, [...path, 'not']);
    if ('signal' in c) {
      if (!signals.has(c.signal)) at([...path, 'signal'], `unknown signal "${c.signal}"`);
      return;
    }
    const dim = tax.dimensions.find((x) => x.id === c.dimension);
    if (!dim) return at([...path, 'dimension'], `unknown dimension "${c.dimension}"`);
    const pool = new Set(dim.tags.map((t) => t.id));
    const listed = 'any_of' in c ? c.any_of : 'none_of' in c ? c.none_of : 'has_other_than' in c ? c.has_other_than : [];
    for (const tag of listed) if (!pool.has(tag)) at(path, `tag "${tag}" is not in dimension ${dim.id}`);
  }
  return problems;
}
