import { existsSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { recordId } from '../conversation/index.js';
import { readLabeledRecords, readLabeledRecordsSync } from '../records/index.js';
import { InputError } from '../errors/index.js';
import { LabelingMonitorSchema, type LabelingMonitor } from '../labelers/index.js';
import { readGoldSet } from '../gold/index.js';
import { ConfidenceSchema, LabelsSchema, tagsOf, type Labels, type Taxonomy } from '../taxonomy/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { CONFIDENCE_SUFFIX, CORRECTION_SUFFIX, GOLD_SUFFIX, joinTags, reviewColumns, RFC4180_OPTIONS } from './columns.js';
import { neutraliseCell } from './csv-safety.js';
import { conversationExcerpt } from '../report/index.js';

export interface ReviewExportOptions {
  /** Labeled output (.json array or .jsonl) with labels, confidence and labeling_monitor per record. */
  input: string;
  /** monitor_*.jsonl of the same run: its issues win over the records' own labeling_monitor. */
  monitor?: string;
  output: string;
  taxonomy: Taxonomy;
  /** Write a UTF-8 byte order mark so Excel opens the file as UTF-8. Default false. */
  bom?: boolean;
  /** Characters of conversation per excerpt; default 300. */
  excerptChars?: number;
  /**
   * Gold set folder the labeled records were made from (a gold run): adds a `<dim>_gold` column with the current
   * gold label beside each predicted one, and takes the excerpt from the gold sample when a record carries no
   * conversation (the `runs/<config>.jsonl` lines of an experiment run).
   */
  gold?: string;
}

export interface ReviewExportResult {
  rows: number;
  /** Records without labels (failed) are exported too, with empty label cells; counted here. */
  unlabeled: number;
  /** Input records that could not be read (listed by the reader). */
  skipped: string[];
  /** With `gold`: rows whose id is not a sample of the gold set (their gold cells are empty). */
  notInGold: number;
}


/**
 * Write a review CSV: a row per labeled sample with id, excerpt, issues and, per dimension, its labels, confidence
 * and an empty `<dim>_correction` column. Written with csv-stringify (quoting) and every cell neutralised against
 * formula injection (csv-safety.ts).
 */
export async function exportReviewCsv(options: ReviewExportOptions): Promise<ReviewExportResult> {
  const monitors = options.monitor ? readMonitor(options.monitor) : new Map<string, LabelingMonitor>();
  const gold = options.gold ? readGold(options.gold) : null;
  const columns = reviewColumns(options.taxonomy, { gold: gold !== null });
  const rows: string[][] = [];
  const skipped: string[] = [];
  let unlabeled = 0;
  let notInGold = 0;
  for await (const { record: rec } of readLabeledRecords(options.input, { mode: 'lenient', onSkip: (s) => skipped.push(s.message) })) {
    const id = recordId(rec);
    const labels = LabelsSchema.nullable().catch(null).parse(rec.labels ?? null);
    const confidence = ConfidenceSchema.catch({}).parse(rec.confidence ?? {});
    const monitor = monitors.get(id) ?? LabelingMonitorSchema.safeParse(rec.labeling_monitor).data ?? null;
    if (labels === null) unlabeled++;
    const goldLabels = gold?.labels.get(id) ?? null;
    if (gold && !goldLabels) notInGold++;
    const sample = hasConversation(rec) ? rec : (gold?.samples.get(id) ?? rec);
    const row: Record<string, string> = {
      id,
      excerpt: conversationExcerpt(sample, options.excerptChars ?? 300),
      issues: issuesText(monitor),
    };
    for (const dim of options.taxonomy.dimensions) {
      row[dim.id] = joinTags(tagsOf(labels, dim.id));
      if (gold) row[`${dim.id}${GOLD_SUFFIX}`] = joinTags(tagsOf(goldLabels, dim.id));
      const c = confidence[dim.id];
      row[`${dim.id}${CONFIDENCE_SUFFIX}`] = c === undefined ? '' : c.toFixed(2);
      row[`${dim.id}${CORRECTION_SUFFIX}`] = '';
    }
    rows.push(columns.map((c) => neutraliseCell(row[c] ?? '')));
  }
  const csv = stringify([columns, ...rows], { ...RFC4180_OPTIONS, bom: options.bom ?? false });
  writeFileAtomic(options.output, csv);
  return { rows: rows.length, unlabeled, skipped, notInGold };
}

/** A record in one of the input variants (the runs lines of an experiment carry only ids and labels). */
function hasConversation(rec: Record<string, unknown>): boolean {
  return ['conversations', 'messages', 'instruction'].some((k) => rec[k] !== undefined);
}

/** The gold set's current labels and samples by id (read leniently: a gold set with problems still shows its labels). */
function readGold(dir: string): { labels: Map<string, Labels>; samples: Map<string, Record<string, unknown>> } {
  const { set } = readGoldSet(dir);
  return {
    labels: new Map(set.labels.map((l) => [l.value.id, l.value.labels])),
    samples: new Map(set.samples.map((s) => [s.value.id, s.value as Record<string, unknown>])),
  };
}

/** One line per issue kind, short enough for a cell: failure, unmapped tags, rule violations, arbitration, truncation. */
export function issuesText(m: LabelingMonitor | null): string {
  if (!m) return '';
  const parts: string[] = [];
  if (m.error) parts.push(`failed: ${m.error}`);
  const i = m.issues;
  if (i.unmapped.length) parts.push(`unmapped: ${i.unmapped.map((u) => `${u.dimension}=${u.value}`).join(', ')}`);
  if (i.violations.length) parts.push(`rules: ${i.violations.map((v) => `${v.rule} (${v.severity})`).join(', ')}`);
  if (i.arbitration.length) parts.push(`arbitrated: ${i.arbitration.map((a) => a.dimension).join(', ')}`);
  if (i.truncation) parts.push(`truncated: ${i.truncation.note}`);
  return parts.join('\n');
}

/** monitor_*.jsonl: one `{id, ...labeling_monitor}` per line; unreadable lines are an InputError naming them. */
function readMonitor(file: string): Map<string, LabelingMonitor> {
  if (!existsSync(file)) throw new InputError(`--monitor ${file} does not exist`, { file });
  const out = new Map<string, LabelingMonitor>();
  const problems: string[] = [];
  for (const { record, where } of readLabeledRecordsSync(file, { mode: 'lenient', onSkip: (s) => problems.push(s.message) })) {
    const m = LabelingMonitorSchema.safeParse(record);
    if (typeof record.id !== 'string' || !m.success) problems.push(`${where}: not a monitor line ({id, labeler, model, issues, ...})`);
    else out.set(record.id, m.data);
  }
  if (problems.length) throw new InputError(`${file}: ${problems.length} bad line(s)\n${problems.slice(0, 20).map((p) => `  - ${p}`).join('\n')}`, { file });
  return out;
}
