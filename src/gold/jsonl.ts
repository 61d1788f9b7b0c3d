import type { z } from 'zod';
import { readLabeledRecordsSync } from '../records/index.js';

/** A parsed, schema-checked line of a JSONL file. */
export interface ParsedLine<T> {
  /** 1-based line number in the file. */
  line: number;
  value: T;
}

/**
 * Read a JSONL file and check every line against `schema`, through the one records reader in lenient mode. Returns
 * the good lines and one problem per bad line (`file:line: [id "x":] field path: message`), so a loader can report
 * every problem at once. Blank lines are skipped.
 */
export function readJsonlChecked<S extends z.ZodType>(
  file: string,
  schema: S,
): { rows: ParsedLine<z.infer<S>>[]; problems: string[] } {
  const problems: string[] = [];
  const rows = readLabeledRecordsSync(file, { schema, mode: 'lenient', onSkip: (s) => problems.push(s.message) });
  return { rows: rows.map((r) => ({ line: r.line!, value: r.record as z.infer<S> })), problems };
}
