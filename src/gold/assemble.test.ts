import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../util/paths.js';
import { GOLD_V1 } from './__fixtures__/broken.js';

/** The shared sources gold/v1 was assembled from (outside the package; the test is skipped where they are absent). */
const SOURCES = resolve(packagePath(), '..', 'shared', 'gold-src');

describe('gold/tools/assemble-v1.mjs', () => {
  it.skipIf(!existsSync(SOURCES))('reproduces the committed gold/v1 data files byte for byte from the sources', () => {
    const out = mkdtempSync(join(tmpdir(), 'gold-assemble-'));
    try {
      const r = spawnSync(process.execPath, [packagePath('gold', 'tools', 'assemble-v1.mjs'), SOURCES, out, '2026-11-25'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      for (const f of ['samples.jsonl', 'labels.jsonl', join('annotations', 'ann1.jsonl'), join('annotations', 'ann2.jsonl'), 'gold.json']) {
        expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(GOLD_V1, f), 'utf8'));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
