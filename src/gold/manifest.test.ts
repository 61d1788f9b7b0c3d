import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../taxonomy/index.js';
import { copyGoldV1, editJsonl, labelsOf } from './__fixtures__/broken.js';
import { bumpGoldVersion } from './manifest.js';
import { validateGoldSet } from './validate.js';
import { goldVersion } from './version.js';

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('bumpGoldVersion', () => {
  it('records a label correction only with a CHANGELOG entry, and the set validates again afterwards', async () => {
    const dir = copyGoldV1();
    temps.push(dir);
    const before = goldVersion(dir);
    editJsonl(join(dir, 'labels.jsonl'), (rows) => rows.map((r, i) => (i === 0 ? { ...r, labels: { ...labelsOf(r), difficulty: 'easy' } } : r)));
    const taxonomy = loadTaxonomy();
    expect((await validateGoldSet(dir, { taxonomy })).errors.some((e) => e.includes('sha256 differs'))).toBe(true);
    expect(() => bumpGoldVersion(dir, { version: '1.0.1' })).toThrow(/no "## 1.0.1" or "## Unreleased" entry, and no --note/);
    appendFileSync(join(dir, 'CHANGELOG.md'), '\n## 1.0.1 — 2026-11-26\n- ids: a-001; dimension: difficulty; trivial -> easy\n');
    expect(() => bumpGoldVersion(dir, { version: '1.0.0' })).toThrow(/must be greater/);
    const m = bumpGoldVersion(dir, { version: '1.0.1', now: () => new Date('2026-11-26T00:00:00Z') });
    expect(m).toMatchObject({ version: '1.0.1', created: '2026-11-26' });
    expect((await validateGoldSet(dir, { taxonomy })).errors).toEqual([]);
    const after = goldVersion(dir);
    expect(after.version).toBe('1.0.1');
    expect(after.labels_sha256).not.toBe(before.labels_sha256);
    expect(after.labels_match_manifest).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'gold.json'), 'utf8')).source).toBeDefined();
  });
});
