import { appendFileSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../conversation/index.js';
import { useGoldCopies, GOLD_V1 } from './__fixtures__/broken.js';
import { readGoldSet } from './load.js';
import { goldVersion, manifestProblems } from './version.js';

const copy = useGoldCopies();

describe('goldVersion', () => {
  it('names gold/v1 by manifest name, version and the sha256 of its labels', () => {
    const v = goldVersion(GOLD_V1);
    expect(v).toEqual({
      name: 'sft-label-gold',
      version: '1.0.0',
      labels_sha256: sha256Hex(readFileSync(join(GOLD_V1, 'labels.jsonl'), 'utf8')),
      taxonomy_version: '3.1',
      labels_match_manifest: true,
    });
  });
  it('reports labels edited without a new manifest', () => {
    const dir = copy();
    appendFileSync(join(dir, 'labels.jsonl'), '\n');
    const v = goldVersion(dir);
    expect(v.labels_match_manifest).toBe(false);
    expect(v.labels_sha256).not.toBe(goldVersion(GOLD_V1).labels_sha256);
  });
  it('still identifies the labels of a folder without gold.json', () => {
    const dir = copy();
    unlinkSync(join(dir, 'gold.json'));
    expect(goldVersion(dir)).toMatchObject({ name: dir, version: '0.0.0', labels_match_manifest: false });
  });
});

describe('manifestProblems', () => {
  it('accepts gold/v1', () => {
    expect(manifestProblems(readGoldSet(GOLD_V1).set, '3.1')).toEqual([]);
  });
  it('flags a changed file, a count mismatch and another taxonomy version', () => {
    const dir = copy();
    appendFileSync(join(dir, 'annotations', 'ann2.jsonl'), '');
    appendFileSync(join(dir, 'labels.jsonl'), ' \n');
    const problems = manifestProblems(readGoldSet(dir).set, '3.2');
    expect(problems).toContain(
      `${join(dir, 'labels.jsonl')}: sha256 differs from ${join(dir, 'gold.json')} (data changed without a new version or a CHANGELOG entry with an updated manifest)`,
    );
    expect(problems.some((p) => p.includes('ann2.jsonl'))).toBe(false);
    expect(problems).toContain(`${join(dir, 'gold.json')}: taxonomy.version is 3.1, the loaded taxonomy is 3.2`);
  });
});
