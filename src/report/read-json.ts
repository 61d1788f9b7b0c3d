import { readFileSync } from 'node:fs';
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
