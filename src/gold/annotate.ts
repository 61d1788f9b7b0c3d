import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords } from '../conversation/index.js';
import { UsageError } from '../errors/index.js';
import type { Labeler } from '../labelers/types.js';
import { preprocess } from '../preprocess/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import type { AnnotationRecord } from './schema.js';

export interface AnnotateOptions {
  labeler: Labeler;
  /** Registry id of the model behind the labeler, recorded on every line. */
  modelId: string;
  taxonomy: Taxonomy;
  /** Folder written by `collectCandidates` (holds candidates.jsonl). */
  candidatesDir: string;
  /** Annotation file stem; always starts with `model-` so nobody mistakes it for a human pass. Default `model-<modelId>`. */
  annotator?: string;
  /** Recorded as model_annotation.labeler (e.g. `llm/v2`); default the labeler's name. */
  labelerName?: string;
  now?: () => Date;
}

export interface AnnotateResult {
  file: string;
  annotated: number;
  failed: Array<{ id: string; reason: string }>;
}

/**
 * Pre-annotate candidates with the labeling pipeline into `annotations/model-<model>.jsonl` inside the candidates
 * folder. Every line carries `model_annotation` (model, labeler, date): these are model annotations for people to
 * correct, never a gold pass.
 */
export async function annotateCandidates(opts: AnnotateOptions): Promise<AnnotateResult> {
  const source = join(opts.candidatesDir, 'candidates.jsonl');
  if (!existsSync(source)) throw new UsageError(`${source} not found: --candidates must be a folder written by gold collect`);
  const stem = opts.annotator ?? `model-${opts.modelId.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
  if (!stem.startsWith('model-')) throw new UsageError(`annotation name "${stem}" must start with "model-" (model annotations are marked as such)`);
  const dir = join(opts.candidatesDir, 'annotations');
  const file = join(dir, `${stem}.jsonl`);
  if (existsSync(file)) throw new UsageError(`${file} already exists: annotation passes are never overwritten`);
  mkdirSync(dir, { recursive: true });
  const created = (opts.now ?? (() => new Date()))().toISOString();
  const result: AnnotateResult = { file, annotated: 0, failed: [] };
  for await (const item of readRecords(source)) {
    if (!item.ok) {
      result.failed.push({ id: item.id ?? `line ${item.line ?? item.index + 1}`, reason: item.reason });
      continue;
    }
    const conv = item.conversation;
    const outcome = await opts.labeler.label(conv, preprocess(conv, opts.taxonomy));
    if (!outcome.labels) {
      result.failed.push({ id: conv.id, reason: outcome.labeling_monitor.error ?? 'no labels' });
      continue;
    }
    const row: AnnotationRecord = {
      id: conv.id,
      labels: outcome.labels,
      model_annotation: { model: opts.modelId, labeler: opts.labelerName ?? opts.labeler.name, created },
    };
    appendFileSync(file, `${JSON.stringify(row)}\n`);
    result.annotated++;
  }
  return result;
}
