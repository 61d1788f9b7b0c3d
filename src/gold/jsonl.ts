import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { InputError } from '../errors/index.js';
import { dottedPath } from '../util/yaml.js';

/** A parsed, schema-checked line of a JSONL file. */
export interface ParsedLine<T> {
  /** 1-based line number in the file. */
  line: number;
  value: T;
}

/**
 * Read a JSONL file and check every line against `schema`. Returns the good lines and one problem per bad line
 * (`file:line: [id "x":] path: message`), so a loader can report every problem at once. Blank lines are skipped.
 */
export function readJsonlChecked<S extends z.ZodType>(
  file: string,
  schema: S,
): { rows: ParsedLine<z.infer<S>>[]; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
  const rows: ParsedLine<z.infer<S>>[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      problems.push(`${file}:${line}: invalid JSON: ${(err as Error).message}`);
      return;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const id = idOf(json);
      for (const issue of parsed.error.issues) {
        problems.push(`${file}:${line}: ${id ? `id "${id}": ` : ''}${dottedPath(issue.path)}: ${issue.message}`);
      }
      return;
    }
    rows.push({ line, value: parsed.data });
  });
  return { rows, problems };
}

function idOf(json: unknown): string | undefined {
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const id = (json as Record<string, unknown>).id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return undefined;
}
