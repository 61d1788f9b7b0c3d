import { existsSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { recordId } from '../conversation/index.js';
import { readLabeledRecords, readLabeledRecordsSync } from '../records/index.js';
import { calibratedConfidence, type CalibrationReport, type ReliabilityBin } from '../calibration/index.js';
import { InputError, UsageError } from '../errors/index.js';
import { LABELING_DEFAULTS } from '../labelers/options.js';
import { LabelingMonitorSchema, type LabelingMonitor } from '../labelers/index.js';
import { readGoldSet } from '../gold/index.js';
import { ConfidenceSchema, LabelsSchema, tagsOf, type Labels, type Taxonomy } from '../taxonomy/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { CONFIDENCE_SUFFIX, CORRECTION_SUFFIX, GOLD_SUFFIX, joinTags, reviewColumns, RFC4180_OPTIONS } from './columns.js';
import { selectForReview, type ReviewCandidate, type ReviewPick } from './select.js';
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
   * Selective review: write only the N records a person should check (select.ts), lowest confidence first with a
   * random share for an unbiased audit, and the columns selection, priority and check. Default: every record.
   */
  budget?: number;
  /** Share of the budget drawn at random from every record; default 0.2. */
  randomShare?: number;
  /** Seed of the random draw; default 1. */
  seed?: number;
  /** Dimensions below this (calibrated) confidence are listed to check; default the arbitration threshold (0.65). */
  lookBelow?: number;
  /** Reliability bins per dimension (a configuration's calibration in metrics.json): rank by calibrated confidence. */
  calibration?: Readonly<Record<string, readonly ReliabilityBin[]>>;
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
  /** With a budget: rows picked by lowest confidence and at random, out of how many records. */
  selection?: { lowConfidence: number; random: number; records: number };
  /** With `gold`: rows whose id is not a sample of the gold set (their gold cells are empty). */
  notInGold: number;
}


/**
 * Write a review CSV: a row per labeled sample with id, excerpt, issues and, per dimension, its labels, confidence
 * and an empty `<dim>_correction` column. Written with csv-stringify (quoting) and every cell neutralised against
 * formula injection (csv-safety.ts). With `budget`, only the selected records (read twice: once to rank, once to
 * write the rows), low-confidence rows first, then the random ones.
 */
export async function exportReviewCsv(options: ReviewExportOptions): Promise<ReviewExportResult> {
  const monitors = options.monitor ? readMonitor(options.monitor) : new Map<string, LabelingMonitor>();
  const selective = options.budget !== undefined;
  const picks = selective ? await pickRecords(options) : null;
  const byIndex = new Map((picks?.picks ?? []).map((p, order) => [p.index, { pick: p, order }]));
  const gold = options.gold ? readGold(options.gold) : null;
  const columns = reviewColumns(options.taxonomy, { selective, gold: gold !== null });
  const rows: Array<{ order: number; cells: string[] }> = [];
  const skipped: string[] = [];
  let unlabeled = 0;
  let notInGold = 0;
  let index = -1;
  for await (const { record: rec } of readLabeledRecords(options.input, { mode: 'lenient', onSkip: (s) => skipped.push(s.message) })) {
    index++;
    const picked = byIndex.get(index);
    if (picks && !picked) continue;
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
    if (picked) {
      row.selection = picked.pick.selection;
      row.priority = picked.pick.priority === null ? '' : picked.pick.priority.toFixed(2);
      row.check = picked.pick.check.join('; ');
    }
    for (const dim of options.taxonomy.dimensions) {
      row[dim.id] = joinTags(tagsOf(labels, dim.id));
      if (gold) row[`${dim.id}${GOLD_SUFFIX}`] = joinTags(tagsOf(goldLabels, dim.id));
      const c = confidence[dim.id];
      row[`${dim.id}${CONFIDENCE_SUFFIX}`] = c === undefined ? '' : c.toFixed(2);
      row[`${dim.id}${CORRECTION_SUFFIX}`] = '';
    }
    rows.push({ order: picked?.order ?? rows.length, cells: columns.map((c) => neutraliseCell(row[c] ?? '')) });
  }
  rows.sort((a, b) => a.order - b.order);
  const csv = stringify([columns, ...rows.map((r) => r.cells)], { ...RFC4180_OPTIONS, bom: options.bom ?? false });
  writeFileAtomic(options.output, csv);
  const result: ReviewExportResult = { rows: rows.length, unlabeled, skipped, notInGold };
  if (picks) {
    const random = picks.picks.filter((p) => p.selection === 'random').length;
    result.selection = { lowConfidence: picks.picks.length - random, random, records: picks.records };
  }
  return result;
}

/** First read of a selective export: every record's id, failure and (calibrated) confidences, then the selection. */
async function pickRecords(options: ReviewExportOptions): Promise<{ picks: ReviewPick[]; records: number }> {
  const budget = options.budget!;
  if (!Number.isInteger(budget) || budget < 1) throw new UsageError(`--budget must be a positive integer, got ${budget}`);
  const share = options.randomShare;
  if (share !== undefined && !(share >= 0 && share <= 1)) throw new UsageError(`--random-share must be between 0 and 1, got ${share}`);
  const bins = options.calibration ?? {};
  const candidates: ReviewCandidate[] = [];
  let index = -1;
  for await (const { record: rec } of readLabeledRecords(options.input, { mode: 'lenient' })) {
    index++;
    const raw = ConfidenceSchema.catch({}).parse(rec.confidence ?? {});
    const confidence = Object.fromEntries(Object.entries(raw).map(([dim, c]) => [dim, bins[dim] ? calibratedConfidence(bins[dim], c) : c]));
    candidates.push({ index, id: recordId(rec), failed: LabelsSchema.nullable().catch(null).parse(rec.labels ?? null) === null, confidence });
  }
  const picks = selectForReview(candidates, {
    budget,
    randomShare: share,
    seed: options.seed,
    lookBelow: options.lookBelow ?? LABELING_DEFAULTS.confidence_threshold,
    dims: options.taxonomy.dimensions.map((d) => d.id),
  });
  return { picks, records: candidates.length };
}

/**
 * The reliability bins per dimension of one configuration of a run's metrics.json, for ranking by calibrated
 * confidence. `config` may be left out when the run has one configuration.
 */
export function calibrationOf(
  metrics: { configs: Record<string, { calibration?: CalibrationReport | undefined }> },
  config: string | undefined,
  file: string,
): Record<string, ReliabilityBin[]> {
  const names = Object.keys(metrics.configs);
  const name = config ?? (names.length === 1 ? names[0]! : undefined);
  if (name === undefined) throw new UsageError(`${file} has ${names.length} configurations: name one with --config (${names.join(', ')})`);
  const c = metrics.configs[name];
  if (!c) throw new UsageError(`${file} has no configuration "${name}" (it has ${names.join(', ')})`);
  if (!c.calibration) throw new InputError(`${file}: configuration "${name}" has no calibration figures (written before they existed; run it again)`, { file });
  return Object.fromEntries(Object.entries(c.calibration).map(([dim, f]) => [dim, f.bins]));
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
