import type { ParsedLine } from './jsonl.js';
import type { GoldSet } from './set.js';

/**
 * Id integrity across the files of a gold set: unique within each file, every label and annotation id names a
 * sample, every sample has gold labels, and every annotation pass covers every sample (agreement is computed on
 * the whole set) except samples added later through a review (they carry `selection`, and the pass predates them).
 * One message per problem, with file, line and id.
 */
export function idProblems(set: GoldSet): string[] {
  const problems: string[] = [];
  const sampleIds = uniqueIds(set.files.samples, set.samples, problems);
  const labelIds = uniqueIds(set.files.labels, set.labels, problems);
  for (const row of set.labels) {
    if (!sampleIds.has(row.value.id)) problems.push(`${set.files.labels}:${row.line}: id "${row.value.id}": not in ${set.files.samples}`);
  }
  for (const row of set.samples) {
    if (!labelIds.has(row.value.id)) problems.push(`${set.files.samples}:${row.line}: id "${row.value.id}": has no gold labels in ${set.files.labels}`);
  }
  for (const [name, rows] of Object.entries(set.annotations)) {
    const file = set.files.annotations[name] ?? name;
    const annIds = uniqueIds(file, rows, problems);
    for (const row of rows) {
      if (!sampleIds.has(row.value.id)) problems.push(`${file}:${row.line}: id "${row.value.id}": not in ${set.files.samples}`);
    }
    for (const row of set.samples) {
      if (!annIds.has(row.value.id) && !row.value.selection) problems.push(`${file}: id "${row.value.id}" (${set.files.samples}:${row.line}): not annotated in this pass`);
    }
  }
  return problems;
}

function uniqueIds(file: string, rows: ParsedLine<{ id: string }>[], problems: string[]): Set<string> {
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const seen = firstLine.get(row.value.id);
    if (seen !== undefined) problems.push(`${file}:${row.line}: id "${row.value.id}": duplicate (first on line ${seen})`);
    else firstLine.set(row.value.id, row.line);
  }
  return new Set(firstLine.keys());
}
