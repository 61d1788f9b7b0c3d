import type { Taxonomy } from '../../taxonomy/index.js';
import { phraseKey, tokenize } from './tokens.js';

/** Language names too ambiguous in prose; `Go`, `C` and `R` count only capitalised (handled below). */
const AMBIGUOUS = new Set([
  'go', 'c', 'r', 'h', 's', 'cc', 'sc', 'ex', 'mm', 'sv', 'pl', 'md', 'gas', 'bat', 'cmd', 'make', 'less', 'sol', 'console',
  'terminal', 'batch', 'fish', 'docker', 'node', 'text', 'unknown', 'misc', 'other', 'none', 'no-code', 'scheme', 'tex', 'pom',
  'rails', 'jupyter', 'dotnet', 'flutter', 'cuda', 'arduino', 'elm', 'proto', 'ini', 'tf', 'rs', 'ts', 'js', 'py', 'kt', 'cs',
]);
const CASED = new Map([['Go', 'go'], ['C', 'c'], ['R', 'r'], ['JS', 'javascript'], ['TS', 'typescript']]);
const BEFORE = new Set(['in', 'to', 'into', 'using', 'with', 'from', 'use', 'write', 'pure', 'idiomatic', 'modern']);
const AFTER = new Set(['code', 'script', 'scripts', 'function', 'functions', 'program', 'class', 'module', 'snippet', 'query', 'queries', 'version', 'implementation', 'app', 'file', 'project', 'solution', 'equivalent']);

/** Language names (lower-case phrase key -> tag id) from tag ids, labels and aliases, minus the ambiguous ones. */
export function buildLanguageNames(tax: Taxonomy): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  const dim = tax.byId.get('language');
  for (const tag of dim?.tags ?? []) {
    if (tag.id === 'none' || tag.id === 'other') continue;
    for (const raw of [tag.id, ...(tag.aliases ?? []), ...tag.label.split(/\s*[/(),]\s*/)]) {
      const key = phraseKey(raw);
      if (key && !AMBIGUOUS.has(key) && !key.includes('-')) names.set(key, tag.id);
    }
  }
  return names;
}

/**
 * Languages the user names as the target or subject of code ("in Kotlin", "to Rust", "a Python script"):
 * a language name directly after a preposition/verb or directly before a code noun. Passing mentions do not count.
 */
export function targetLanguages(text: string, names: ReadonlyMap<string, string>): string[] {
  const tokens = tokenize(text.slice(0, 6000));
  const out: string[] = [];
  tokens.forEach((tok, i) => {
    const id = CASED.get(tok) ?? names.get(tok.toLowerCase());
    if (!id || out.includes(id)) return;
    const prev = tokens[i - 1]?.toLowerCase() ?? '';
    const next = tokens[i + 1]?.toLowerCase() ?? '';
    if (BEFORE.has(prev) || AFTER.has(next)) out.push(id);
  });
  return out;
}
