import { readGoldLabels } from '../../score/index.js';
import { loadTaxonomy, type Labels, type Taxonomy } from '../../taxonomy/index.js';
import { packagePath } from '../../util/paths.js';

/** The first `n` gold/v1 labels, and helpers that spoil one dimension of some samples. */
export async function goldFixture(n: number): Promise<{ taxonomy: Taxonomy; gold: Map<string, Labels> }> {
  const taxonomy = loadTaxonomy();
  const all = await readGoldLabels(packagePath('gold', 'v1'));
  return { taxonomy, gold: new Map([...all].slice(0, n)) };
}

/** A wrong tag for a single dimension: the first pool tag that is not the gold one. */
export function wrongSingle(taxonomy: Taxonomy, dim: string, gold: string): string {
  return [...taxonomy.tagsByDim.get(dim)!.keys()].find((t) => t !== gold)!;
}

/** Copy of `gold` with dimension `dim` wrong on the samples whose index passes `which`. */
export function spoil(taxonomy: Taxonomy, gold: ReadonlyMap<string, Labels>, dim: string, which: (i: number) => boolean): Map<string, Labels | null> {
  return new Map(
    [...gold].map(([id, labels], i) => {
      if (!which(i)) return [id, labels];
      const v = labels[dim];
      const wrong = typeof v === 'string' ? wrongSingle(taxonomy, dim, v) : [wrongSingle(taxonomy, dim, (v ?? [])[0] ?? '')];
      return [id, { ...labels, [dim]: wrong }];
    }),
  );
}
