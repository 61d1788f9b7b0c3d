import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { InputError } from '../errors/index.js';
import { dottedPath } from '../util/yaml.js';

/** Read and parse a JSON file with a schema; every problem is named with its file and dotted path. */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((i) => `${file}: ${dottedPath(i.path)}: ${i.message}`);
    throw new InputError(`${file} does not have the expected shape:\n${issues.map((s) => `  - ${s}`).join('\n')}`, { file });
  }
  return parsed.data;
}

/**
 * Complete lines of a JSONL file that parse with the schema; the count of the others is returned so the report can
 * say how many it skipped (a run cut by a crash may end in a torn line).
 */
export function readJsonlLenient<S extends z.ZodType>(file: string, schema: S): { rows: Array<z.infer<S>>; skipped: number } {
  if (!existsSync(file)) return { rows: [], skipped: 0 };
  const rows: Array<z.infer<S>> = [];
  let skipped = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = schema.safeParse(JSON.parse(line));
      if (r.success) rows.push(r.data);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { rows, skipped };
}
