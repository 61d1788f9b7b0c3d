import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyGoldV1, editJsonl, GOLD_V1, labelsOf } from '../../gold/__fixtures__/broken.js';
import { runCliSync } from '../__fixtures__/run-cli.js';

/** Run the built CLI as a user would (build first: npx tsc -p tsconfig.build.json). */
const cli = (...args: string[]) => runCliSync(args, { fullEnv: process.env });

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('sft-label gold validate', () => {
  it('passes on gold/v1', () => {
    const r = cli('gold', 'validate', GOLD_V1);
    expect(r.stderr).not.toMatch(/sft-label:/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid: 108 samples, 108 gold label sets, annotation passes: ann1 \(108\), ann2 \(108\)/);
  });

  it('exits 2 on a broken copy, naming file, line, id, dimension and value', () => {
    const dir = copyGoldV1();
    temps.push(dir);
    editJsonl(join(dir, 'labels.jsonl'), (rows) => rows.map((r, i) => (i === 4 ? { ...r, labels: { ...labelsOf(r), intent: ['build'] } } : r)));
    const r = cli('gold', 'validate', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'labels.jsonl')}:5: id "a-005": intent: single-select dimension must be one tag id string, got array [build]`);
  });
});

describe('sft-label gold stats', () => {
  it('prints the composition and the under-covered tags; --json gives the same counts', () => {
    const r = cli('gold', 'stats', GOLD_V1, '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { samples: number; coverage: unknown[]; composition: { kindByOrigin: Record<string, Record<string, number>> } };
    expect(s.samples).toBe(108);
    expect(s.coverage).toHaveLength(221);
    // set-a was written as 48 single-turn, 4 multi-turn and 8 agentic conversations (shared/gold-src/README.md).
    expect(s.composition.kindByOrigin['written']).toEqual({ 'single-turn': 48, 'multi-turn': 4, agentic: 8 });
    const t = cli('gold', 'stats', GOLD_V1);
    expect(t.stdout).toMatch(/tags have fewer than 3 gold examples/);
    expect(cli('gold', 'stats', GOLD_V1, '--min', 'x').code).toBe(2);
  });
});

describe('sft-label gold iaa', () => {
  it('prints per-dimension agreement matching the published values', () => {
    const r = cli('gold', 'iaa', GOLD_V1, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { dimensions: Array<{ dimension: string; value: number }> };
    expect(j.dimensions.find((d) => d.dimension === 'constraint')?.value.toFixed(3)).toBe('0.802');
    expect(cli('gold', 'iaa', GOLD_V1).stdout).toMatch(/difficulty\s+│ kappa_quadratic │ 0\.941/);
  });
});
