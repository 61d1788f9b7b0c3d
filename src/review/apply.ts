import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ConfigError } from '../errors/index.js';
import type { GoldSampleRecord, GoldSet } from '../gold/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { planReviewImport, type LabelChange, type ReviewPlan, type SampleAddition } from './import.js';

export interface ReviewImportOptions {
  csvFile: string;
  gold: GoldSet;
  taxonomy: Taxonomy;
  /** Who decided the corrections; recorded with each change. */
  reviewer: string;
  /** Candidates of `gold suggest` (its samples file) by id: rows for them add new samples. */
  candidates?: ReadonlyMap<string, GoldSampleRecord>;
  now?: () => Date;
}

export interface ReviewImportResult extends ReviewPlan {
  /** Files written (empty when there was nothing to change). */
  written: string[];
}

/**
 * Apply a review CSV's corrections to a gold set. Gold labels are measurements: every change is recorded before
 * it is made, in changes.jsonl (one JSON line per change: at, reviewer, source, id, dimension, from, to) and in
 * CHANGELOG.md under a "## Unreleased" block, then labels.jsonl is rewritten atomically with only the changed lines
 * replaced. Any invalid correction refuses the whole import (ConfigError, exit 2, every problem listed) and
 * nothing is written. gold.json's hashes then differ from the data until `sft-label gold bump`, as intended.
 */
export function importReviewCsv(opts: ReviewImportOptions): ReviewImportResult {
  const plan = planReviewImport(opts);
  if (plan.problems.length) {
    throw new ConfigError(`${opts.csvFile}: ${plan.problems.length} invalid correction(s); nothing was changed in ${opts.gold.dir}`, plan.problems, { file: opts.csvFile });
  }
  if (!plan.changes.length && !plan.additions.length) return { ...plan, written: [] };
  const at = (opts.now ?? (() => new Date()))().toISOString();
  const log = join(opts.gold.dir, 'changes.jsonl');
  appendFileSync(log, [
    ...plan.changes.map((c) => ({ at, reviewer: opts.reviewer, source: c.source, id: c.id, dimension: c.dimension, from: c.from, to: c.to })),
    ...plan.additions.map((a) => ({ at, reviewer: opts.reviewer, source: a.source, id: a.id, dimension: '*', from: null, to: a.labels, added: true })),
  ].map((x) => `${JSON.stringify(x)}\n`).join(''));
  const changelog = join(opts.gold.dir, 'CHANGELOG.md');
  const meta = { at, reviewer: opts.reviewer, csv: basename(opts.csvFile) };
  const block = [plan.changes.length ? changelogBlock(plan.changes, meta) : '', plan.additions.length ? additionsBlock(plan.additions, meta) : ''].join('');
  writeFileAtomic(changelog, withUnreleasedEntry(existsSync(changelog) ? readFileSync(changelog, 'utf8') : '', block));
  let labels = rewriteLabels(readFileSync(opts.gold.files.labels, 'utf8'), plan.changes);
  if (plan.additions.length) {
    labels = appendLines(labels, plan.additions.map((a) => spacedJson({ id: a.id, labels: a.labels, adjudication: {} })));
    const samples = plan.additions.map((a) => spacedJson({ ...a.record, selection: { ...a.record.selection!, added_at: at, labeled_by: opts.reviewer } }));
    writeFileAtomic(opts.gold.files.samples, appendLines(readFileSync(opts.gold.files.samples, 'utf8'), samples));
  }
  writeFileAtomic(opts.gold.files.labels, labels);
  return { ...plan, written: [log, changelog, opts.gold.files.labels, ...(plan.additions.length ? [opts.gold.files.samples] : [])] };
}

function appendLines(text: string, lines: string[]): string {
  return `${text.replace(/\n*$/, text.trim() ? '\n' : '')}${lines.join('\n')}\n`;
}

function additionsBlock(adds: SampleAddition[], meta: { at: string; reviewer: string; csv: string }): string {
  const strata = new Map<string, number>();
  for (const a of adds) strata.set(a.record.selection!.stratum, (strata.get(a.record.selection!.stratum) ?? 0) + 1);
  return (
    `- added ids: ${adds.map((a) => a.id).join(', ')} (${adds.length} sample(s) chosen by gold suggest, strata ${[...strata].map(([s, n]) => `${s} ${n}`).join(', ')}; ` +
    `inclusion probabilities in samples.jsonl \`selection\`)\n- why: labels given by a person in ${meta.csv} (${meta.at}); decided by: ${meta.reviewer}\n`
  );
}

const show = (v: string | string[] | null): string => (v === null ? '(missing)' : Array.isArray(v) ? `[${v.join(', ')}]` : v);

function changelogBlock(changes: LabelChange[], meta: { at: string; reviewer: string; csv: string }): string {
  const lines = changes.map((c) => `- ids: ${c.id}; dimension: ${c.dimension}; ${show(c.from)} -> ${show(c.to)}`);
  return `${lines.join('\n')}\n- why: review import of ${meta.csv} (${meta.at}); decided by: ${meta.reviewer}\n`;
}

/**
 * Put `block` under "## Unreleased" (created above the newest version entry when missing). Headings inside fenced
 * code blocks (the format example at the top of gold changelogs) are not entries and are skipped.
 */
export function withUnreleasedEntry(text: string, block: string): string {
  const lines = text.split('\n');
  let fenced = false;
  let unreleased = -1;
  let firstEntry = -1;
  lines.forEach((l, i) => {
    if (/^\s*```/.test(l)) fenced = !fenced;
    if (fenced || !l.startsWith('## ')) return;
    if (/^## Unreleased\b/.test(l) && unreleased < 0) unreleased = i;
    else if (firstEntry < 0) firstEntry = i;
  });
  if (unreleased >= 0) {
    // Append at the end of the Unreleased block (before the next entry heading, or the end).
    const end = firstEntry > unreleased ? firstEntry : lines.length;
    let at = end;
    while (at > unreleased + 1 && lines[at - 1]!.trim() === '') at--;
    lines.splice(at, 0, ...block.trimEnd().split('\n'));
    return lines.join('\n');
  }
  const entry = ['## Unreleased', ...block.trimEnd().split('\n'), ''];
  if (firstEntry < 0) return `${text.replace(/\n*$/, '\n\n')}${entry.join('\n')}\n`;
  lines.splice(firstEntry, 0, ...entry);
  return lines.join('\n');
}

/** labels.jsonl with the changed records' lines replaced (same key order and spacing as the file), others untouched. */
function rewriteLabels(text: string, changes: LabelChange[]): string {
  const byId = new Map<string, LabelChange[]>();
  for (const c of changes) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
  return text
    .split('\n')
    .map((line) => {
      if (!line.trim()) return line;
      // The gold loader has already checked every line; only the labels of a changed record are replaced.
      const rec = JSON.parse(line) as { id: string; labels: Record<string, unknown> };
      const mine = byId.get(rec.id);
      if (!mine) return line;
      const labels = { ...rec.labels };
      for (const c of mine) labels[c.dimension] = c.to;
      return spacedJson({ ...rec, labels });
    })
    .join('\n');
}

/**
 * One-line JSON with a space after `:` and `,`, the style of the gold files (Python's json.dumps), so a changed line
 * differs from its neighbours only in content. Safe: JSON.stringify never puts a raw newline inside a string.
 */
export function spacedJson(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/,\n\s*/g, ', ').replace(/\n\s*/g, '');
}
