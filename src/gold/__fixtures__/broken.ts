import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from '../../util/paths.js';

/** The committed gold set. */
export const GOLD_V1 = packagePath('gold', 'v1');

/** A fresh copy of gold/v1 in a temp folder, for tests that break it on purpose. */
export function copyGoldV1(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gold-test-'));
  cpSync(GOLD_V1, dir, { recursive: true });
  return dir;
}

/** Call at the top of a test file: returns `copy()`, a fresh copy of gold/v1 removed again after each test. */
export function useGoldCopies(): () => string {
  const temps: string[] = [];
  afterEach(() => {
    for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = copyGoldV1();
    temps.push(d);
    return d;
  };
}

/** Rewrite a JSONL file of the copy: `edit` gets the parsed rows and returns the rows to write. */
export function editJsonl(file: string, edit: (rows: Array<Record<string, unknown>>) => Array<Record<string, unknown>>): void {
  const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
  writeFileSync(file, `${edit(rows).map((r) => JSON.stringify(r)).join('\n')}\n`);
}

/** Labels object of a row, typed for edits. */
export function labelsOf(row: Record<string, unknown>): Record<string, string | string[]> {
  return row['labels'] as Record<string, string | string[]>;
}
