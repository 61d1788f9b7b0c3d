import { it } from 'vitest';
import { readdirSync } from 'node:fs';
import { loadGoldSet } from '../gold/index.js';
import { scoreLabels, comparePaired } from '../score/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';
import { readRunLines } from './runs-file.js';
it('debug', async () => {
  const tax = loadTaxonomy();
  const set = loadGoldSet(packagePath('gold', 'v1'));
  const gold = new Map(set.labels.map((l) => [l.value.id, l.value.labels]));
  const d = readdirSync('/tmp').find((f) => f.startsWith('h9-'))!;
  const lines = readRunLines(`/tmp/${d}/out/runs/deepseek-v3.2__v1.jsonl`);
  const pred = new Map(lines.map((l) => [l.id, l.labels]));
  for (const dim of tax.dimensions.map((x) => x.id)) {
    let t = Date.now();
    scoreLabels({ gold, pred, taxonomy: tax, bootstrap: 1000, dims: [dim] });
    console.log('score', dim, Date.now() - t);
  }
});
