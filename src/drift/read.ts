import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from '../errors/index.js';
import { LabelsSchema, tagsOf, type Taxonomy } from '../taxonomy/index.js';

/** Tag counts of one labeled set, per dimension. */
export interface LabelCounts {
  file: string;
  /** Records read. */
  records: number;
  /** Records with labels (failed records, `labels: null`, are not counted in the distributions). */
  labeled: number;
  /** Per dimension: tag id -> occurrences (for a multi dimension a record adds one per tag it carries). */
  counts: Map<string, Map<string, number>>;
  /** Per dimension: labeled records carrying at least one tag of it. */
  carriers: Map<string, number>;
}

/**
 * Count the labels of a labeled output: a JSONL file (streamed, constant memory) or a JSON array (seed-compatible
 * output). Every dimension of the taxonomy is counted; a record's other fields are ignored.
 */
export async function readLabelCounts(file: string, taxonomy: Taxonomy): Promise<LabelCounts> {
  const acc: LabelCounts = { file, records: 0, labeled: 0, counts: new Map(), carriers: new Map() };
  for (const d of taxonomy.dimensions) {
    acc.counts.set(d.id, new Map());
    acc.carriers.set(d.id, 0);
  }
  const add = (record: unknown, where: string): void => {
    acc.records++;
    const labels = (record as { labels?: unknown } | null)?.labels;
    if (labels === null || labels === undefined) return;
    const parsed = LabelsSchema.safeParse(labels);
    if (!parsed.success) throw new InputError(`${where}: field labels: expected {dimension: tag | [tags]}, got ${JSON.stringify(labels).slice(0, 80)}`, { file });
    acc.labeled++;
    for (const d of taxonomy.dimensions) {
      const tags = tagsOf(parsed.data, d.id);
      if (tags.length) acc.carriers.set(d.id, (acc.carriers.get(d.id) ?? 0) + 1);
      const counts = acc.counts.get(d.id)!;
      for (const t of tags) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
  };
  if (/\.json$/i.test(file)) {
    const data = parseJson(readText(file), file);
    if (!Array.isArray(data)) throw new InputError(`${file}: expected a JSON array of labeled records`, { file });
    data.forEach((r, i) => add(r, `${file}: record ${i}`));
    return acc;
  }
  let line = 0;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      line++;
      if (!text.trim()) continue;
      add(parseJson(text, `${file}:${line}`), `${file}:${line}`);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file}: cannot read (${(err as Error).message})`, { file }, { cause: err });
  }
  return acc;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read (${(err as Error).message})`, { file }, { cause: err });
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${where}: invalid JSON (${(err as Error).message})`);
  }
}
