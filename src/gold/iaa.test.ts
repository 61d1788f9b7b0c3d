import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../taxonomy/index.js';
import { GOLD_V1 } from './__fixtures__/broken.js';
import { goldIaa } from './iaa.js';
import { loadGoldSet } from './load.js';

const taxonomy = loadTaxonomy();

/** The table in shared/gold-src/README.md (scikit-learn / NLTK-style definitions, exact MASI weights). */
const PUBLISHED: Record<string, number> = {
  intent: 1.0,
  language: 0.973,
  domain: 0.931,
  task: 0.959,
  difficulty: 0.941,
  concept: 0.885,
  agentic: 0.939,
  constraint: 0.802,
  context: 0.852,
};

describe('goldIaa', () => {
  const iaa = goldIaa(loadGoldSet(GOLD_V1), taxonomy);

  it('compares ann1 with ann2 by default', () => {
    expect([iaa.a, iaa.b]).toEqual(['ann1', 'ann2']);
  });

  it('reproduces the published agreement of gold v1 to 3 decimals on every dimension', () => {
    const got = Object.fromEntries(iaa.dimensions.map((d) => [d.dimension, Number(d.value?.toFixed(3))]));
    expect(got).toEqual(PUBLISHED);
    expect(iaa.dimensions.find((d) => d.dimension === 'difficulty')?.metric).toBe('kappa_quadratic');
    expect(iaa.dimensions.find((d) => d.dimension === 'concept')?.metric).toBe('alpha_masi');
  });

  it('counts raw agreement and adjudication per dimension', () => {
    const intent = iaa.dimensions.find((d) => d.dimension === 'intent')!;
    expect(intent).toMatchObject({ n: 108, agreed: 108 });
    for (const d of iaa.dimensions) {
      expect(d.agreed).toBeLessThanOrEqual(d.n);
      // Where the passes agree the gold equals both, so gold matches each pass at least that often.
      expect(Math.min(d.gold_equals_a, d.gold_equals_b)).toBeGreaterThanOrEqual(d.agreed - d.adjudicated);
    }
  });

  it('refuses a set with fewer than two passes', () => {
    const set = loadGoldSet(GOLD_V1);
    delete set.annotations['ann2'];
    expect(() => goldIaa(set, taxonomy)).toThrow(/needs two annotation passes/);
  });
});
