import { InputError } from '../errors/index.js';
import { readLabeledRecords, StatsAccumulator } from '../records/index.js';
import { LabelsSchema, type Taxonomy } from '../taxonomy/index.js';

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
  // The one accumulator of a labeled set counts the tags; drift only insists that labels, when present, parse.
  const acc = new StatsAccumulator(taxonomy);
  let records = 0;
  for await (const { record, where } of readLabeledRecords(file)) {
    records++;
    const labels = record.labels;
    if (labels !== null && labels !== undefined && !LabelsSchema.safeParse(labels).success) {
      throw new InputError(`${where}: field labels: expected {dimension: tag | [tags]}, got ${JSON.stringify(labels).slice(0, 80)}`, { file });
    }
    if (acc.addRecord(record).labels !== null) acc.countLabeled();
  }
  const dims = taxonomy.dimensions.map((d) => [d.id, acc.dimension(d.id)] as const);
  return {
    file,
    records,
    labeled: acc.totals.labeled,
    counts: new Map(dims.map(([id, d]) => [id, d.tags])),
    carriers: new Map(dims.map(([id, d]) => [id, d.carriers])),
  };
}
