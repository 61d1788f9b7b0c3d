import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../errors/index.js';
import { didYouMeanSuffix } from '../util/didyoumean.js';
import { packagePath } from '../util/paths.js';
import { describeZodIssues, parseYamlLocated } from '../util/yaml.js';
import { FewShotFileSchema, PromptMetaSchema, type FewShot, type PromptMeta } from './schema.js';

/** The prompt versions shipped with the package (they are data: src/prompts/<version>/). */
export const DEFAULT_PROMPTS_DIR = (): string => packagePath('src', 'prompts');

/** The two calls of the pipeline. */
export const CALLS = ['call1', 'call2'] as const;
export type CallName = (typeof CALLS)[number];

/** A template split into its two messages. */
export interface TemplatePair {
  system: string;
  user: string;
}

/** A loaded prompt version: raw template sources plus data, and a hash of all of it for run records. */
export interface PromptVersion {
  name: string;
  dir: string;
  meta: PromptMeta;
  templates: Record<CallName, TemplatePair>;
  fewShot: FewShot[];
  /** The annotation guide named by meta.guide (follow-up layout), or null. */
  guide: { file: string; text: string } | null;
  /**
   * sha256 (first 16 hex) over every file of the version, in name order, then over meta.guide and meta.hashes_with:
   * changes whenever any byte does (a guide or taxonomy edit is a new v3 hash).
   */
  hash: string;
}

export interface PromptDirOptions {
  /** Folder holding one sub-folder per version; default: the bundled src/prompts. */
  dir?: string;
}

/** Names of the versions in the prompts folder (sub-folders with a meta.yaml), sorted. */
export function listPromptVersions(options: PromptDirOptions = {}): string[] {
  const root = options.dir ?? DEFAULT_PROMPTS_DIR();
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'meta.yaml')))
    .map((e) => e.name)
    .sort();
}

/** Load one version; an unknown name is a ConfigError with did-you-mean, a broken file lists every problem. */
export function loadPromptVersion(name: string, options: PromptDirOptions = {}): PromptVersion {
  const root = options.dir ?? DEFAULT_PROMPTS_DIR();
  const known = listPromptVersions({ dir: root });
  if (!known.includes(name))
    throw new ConfigError(`unknown prompt version "${name}"${didYouMeanSuffix(name, known)} (known: ${known.join(', ') || 'none'})`, [], {
      file: root,
    });
  const dir = join(root, name);
  const problems: string[] = [];
  const meta = parseYamlFile(join(dir, 'meta.yaml'), PromptMetaSchema, problems);
  if (meta && meta.version !== name) problems.push(`${join(dir, 'meta.yaml')}: version: "${meta.version}" must equal the folder name "${name}"`);
  const templates = meta?.layout === 'follow-up' ? followUpTemplates(dir, problems) : perCallTemplates(dir, problems);
  let fewShot: FewShot[] = [];
  if (meta?.few_shot) fewShot = parseYamlFile(join(dir, meta.few_shot), FewShotFileSchema, problems)?.examples ?? [];
  const extras = meta ? [...(meta.guide ? [meta.guide] : []), ...meta.hashes_with] : [];
  for (const rel of extras) if (!existsSync(packagePath(rel))) problems.push(`${join(dir, 'meta.yaml')}: ${rel}: no such file in the package`);
  if (problems.length || !meta || !templates) throw new ConfigError(`invalid prompt version ${name}: ${problems.length} problem(s)`, problems, { file: dir });
  const guide = meta.guide ? { file: meta.guide, text: readFileSync(packagePath(meta.guide), 'utf8') } : null;
  return { name, dir, meta, templates, fewShot, guide, hash: hashVersion(dir, extras) };
}

/** v1, v2: `call1.hbs` and `call2.hbs`, each holding its system and user part. */
function perCallTemplates(dir: string, problems: string[]): Record<CallName, TemplatePair> | null {
  const templates = {} as Record<CallName, TemplatePair>;
  for (const call of CALLS) {
    const file = join(dir, `${call}.hbs`);
    const pair = existsSync(file) ? splitTemplate(readFileSync(file, 'utf8'), file, problems) : null;
    if (!existsSync(file)) problems.push(`${file}: missing template`);
    if (pair) templates[call] = pair;
  }
  return Object.keys(templates).length === CALLS.length ? templates : null;
}

/** v3: one `system.hbs` for both calls; `call1.hbs` / `call2.hbs` are user turns only. */
function followUpTemplates(dir: string, problems: string[]): Record<CallName, TemplatePair> | null {
  const read = (f: string): string | null => {
    const file = join(dir, f);
    if (existsSync(file)) return readFileSync(file, 'utf8');
    problems.push(`${file}: missing template`);
    return null;
  };
  const system = read('system.hbs');
  const users = CALLS.map((call) => read(`${call}.hbs`));
  if (system === null || users.some((u) => u === null)) return null;
  return { call1: { system, user: users[0] ?? '' }, call2: { system, user: users[1] ?? '' } };
}

const SECTION = /^\{\{!-- (system|user) --\}\}\r?\n/gm;

/**
 * A template file holds both messages: the system part after a line `{{!-- system --}}`, the user part after
 * `{{!-- user --}}` (Handlebars comments, so each part is a valid template on its own).
 */
export function splitTemplate(text: string, file: string, problems: string[]): TemplatePair | null {
  const marks = [...text.matchAll(SECTION)];
  const sys = marks.find((m) => m[1] === 'system');
  const user = marks.find((m) => m[1] === 'user');
  if (!sys || !user || marks.length !== 2 || sys.index > user.index) {
    problems.push(`${file}: expected one "{{!-- system --}}" line followed by one "{{!-- user --}}" line`);
    return null;
  }
  return { system: text.slice(sys.index + sys[0].length, user.index), user: text.slice(user.index + user[0].length) };
}

function parseYamlFile<S extends z.ZodType>(file: string, schema: S, problems: string[]): z.output<S> | null {
  if (!existsSync(file)) {
    problems.push(`${file}: missing file`);
    return null;
  }
  const located = parseYamlLocated(readFileSync(file, 'utf8'), file);
  if (located.syntaxErrors.length) {
    problems.push(...located.syntaxErrors);
    return null;
  }
  const r = schema.safeParse(located.data);
  if (!r.success) {
    problems.push(...describeZodIssues(r.error.issues, file, located));
    return null;
  }
  return r.data;
}

/** Without extras this is the hash v1 and v2 always had (their run records and baselines carry it). */
function hashVersion(dir: string, extras: readonly string[]): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir).filter((n) => !n.endsWith('.test.ts')).sort()) {
    h.update(f).update('\0').update(readFileSync(join(dir, f))).update('\0');
  }
  for (const rel of extras) h.update(rel).update('\0').update(readFileSync(packagePath(rel))).update('\0');
  return h.digest('hex').slice(0, 16);
}
