import { InputError } from '../errors/index.js';
import { readLabeledRecords } from '../records/index.js';
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
  for await (const { record, where } of readLabeledRecords(file)) {
    acc.records++;
    const labels = record.labels;
    if (labels === null || labels === undefined) continue;
    const parsed = LabelsSchema.safeParse(labels);
    if (!parsed.success) throw new InputError(`${where}: field labels: expected {dimension: tag | [tags]}, got ${JSON.stringify(labels).slice(0, 80)}`, { file });
    acc.labeled++;
    for (const d of taxonomy.dimensions) {
      const tags = tagsOf(parsed.data, d.id);
      if (tags.length) acc.carriers.set(d.id, (acc.carriers.get(d.id) ?? 0) + 1);
      const counts = acc.counts.get(d.id)!;
      for (const t of tags) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
  }
  return acc;
}
