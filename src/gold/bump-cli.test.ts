import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { runCliSync } from '../cli/__fixtures__/run-cli.js';
import { writeLabeledFromGold } from '../review/__fixtures__/labeled.js';
import { editJsonl, labelsOf, useGoldCopies } from './__fixtures__/broken.js';
import { changelogWithEntry } from './changelog.js';

const cli = (...args: string[]) => runCliSync(args, { fullEnv: process.env });
const copy = useGoldCopies();
const today = new Date().toISOString().slice(0, 10);

describe('sft-label gold bump writes the change-log entry itself', () => {
  it('--note: a new entry above the newest one, then gold validate passes', () => {
    const dir = copy();
    editJsonl(join(dir, 'labels.jsonl'), (rows) => rows.map((r, i) => (i === 0 ? { ...r, labels: { ...labelsOf(r), difficulty: 'easy' } } : r)));
    const none = cli('gold', 'bump', dir, '--to', '1.0.1');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--note');
    const r = cli('gold', 'bump', dir, '--to', '1.0.1', '--note', 'ids: a-001; dimension: difficulty; trivial -> easy; why: guide 5.2; decided by: dana');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('CHANGELOG.md: a new entry from --note');
    const log = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8');
    expect(log).toContain(`## 1.0.1 — ${today}\n- ids: a-001; dimension: difficulty; trivial -> easy; why: guide 5.2; decided by: dana\n\n## 1.0.0`);
    expect(cli('gold', 'validate', dir).code).toBe(0);
  });

  it('after review import: the "## Unreleased" entry it wrote is named with the version', () => {
    const dir = copy();
    const labeled = join(dir, '..', `labeled-${Date.now()}.jsonl`);
    writeLabeledFromGold(labeled, 3);
    const csv = `${labeled}.csv`;
    expect(cli('review', 'export', '--input', labeled, '--output', csv).code).toBe(0);
    const [head, ...rows] = parse(readFileSync(csv, 'utf8'), { bom: true }) as string[][];
    const col = head!.indexOf('difficulty_correction');
    const row = rows.find((x) => x[0] === 'a-002')!;
    row[col] = row[head!.indexOf('difficulty')] === 'easy' ? 'intermediate' : 'easy';
    writeFileSync(csv, stringify([head!, ...rows]));
    const imp = cli('review', 'import', csv, '--gold', dir, '--reviewer', 'dana');
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toContain('## Unreleased');
    const r = cli('gold', 'bump', dir, '--to', '1.1.0');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the "## Unreleased" entry, now named');
    const log = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8');
    expect(log).not.toContain('## Unreleased');
    expect(log).toMatch(new RegExp(`## 1\\.1\\.0 — ${today}\\n- ids: a-002; dimension: difficulty; .* -> .*\\n- why: review import of .*; decided by: dana`));
    expect(cli('gold', 'validate', dir).code).toBe(0);
  });
});

describe('changelogWithEntry', () => {
  const base = '# log\n\n```\n## <version> — <YYYY-MM-DD>\n```\n\n## 1.0.0 — 2026-11-25\n- first\n';
  it('keeps an existing entry (adding the note), ignores headings in fences, refuses with nothing to write', () => {
    const withEntry = base.replace('## 1.0.0', '## 1.0.1 — 2026-12-01\n- fix\n\n## 1.0.0');
    expect(changelogWithEntry(withEntry, { version: '1.0.1', date: 'x', note: 'more' })).toEqual({ how: 'existing', text: withEntry.replace('- fix\n', '- fix\n- more\n') });
    expect(changelogWithEntry(base, { version: '1.0.1', date: 'x' })).toEqual({ problem: expect.stringContaining('no --note') });
    expect(changelogWithEntry('', { version: '1.0.1', date: 'd', note: 'n' })).toEqual({ how: 'note', text: '\n\n## 1.0.1 — d\n- n\n\n' });
  });
});
