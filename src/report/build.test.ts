import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGoldSet } from '../gold/index.js';
import { scoreLabels } from '../score/index.js';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';
import { loadRunModel, writeAnnotatorRun } from './__fixtures__/annotator-run.js';
import { buildReportModel, ceilingOf, paretoFront } from './index.js';

const taxonomy = loadTaxonomy();
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sft-label-build-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const labels = (intent: string, language: string[]): Labels => ({ intent, language });

describe('ceilingOf', () => {
  it('is the mean pairwise headline metric of the annotators (kappa for single, alpha-MASI for multi)', () => {
    const a = new Map([['1', labels('build', ['python'])], ['2', labels('debug', ['go'])], ['3', labels('learn', ['python', 'sql'])]]);
    const b = new Map([['1', labels('build', ['python'])], ['2', labels('debug', ['go'])], ['3', labels('build', ['python'])]]);
    const c = ceilingOf(new Map([['x', a], ['y', b]]), taxonomy, ['intent', 'language']);
    // Two annotators = one pair scored as gold x vs pred y, so it equals the scorer's own headline.
    const s = scoreLabels({ gold: a, pred: b, taxonomy, dims: ['intent', 'language'], bootstrap: 0 });
    expect(c.intent!.value).toBeCloseTo(s.dimensions.intent!.headline!, 12);
    expect(c.language!.value).toBeCloseTo(s.dimensions.language!.headline!, 12);
    expect(c.intent!.metric).toBe('kappa');
    expect(c.language!.metric).toBe('alpha_masi');
  });
});

describe('buildReportModel', () => {
  it('lists exactly the samples where some configuration differs from gold, with the dimensions that differ', () => {
    const gold = new Map([['1', labels('build', ['python'])], ['2', labels('debug', ['go'])], ['3', labels('learn', ['sql', 'python'])]]);
    const p1 = new Map<string, Labels | null>([['1', labels('build', ['python'])], ['2', labels('debug', ['go'])], ['3', labels('learn', ['python', 'sql'])]]);
    const p2 = new Map<string, Labels | null>([['1', labels('build', ['python'])], ['2', null], ['3', labels('build', ['python', 'sql'])]]);
    const dims = ['intent', 'language'];
    const score = (p: Map<string, Labels | null>) => scoreLabels({ gold, pred: p, taxonomy, dims, bootstrap: 0 });
    const m = buildReportModel({
      experiment: 'x', taxonomy, baseline: 'a',
      configs: [{ name: 'a', model: 'm', prompt: null, score: score(p1), vsBaseline: null, preds: p1 }, { name: 'b', model: 'm', prompt: 'v1', score: score(p2), vsBaseline: null, preds: p2 }],
      gold: { labels: gold, samples: new Map([['3', { id: '3', conversations: [{ from: 'human', value: 'join two tables' }] }]]) },
      versions: { tool: 't', taxonomy: '3.1', prompts: {}, gold: { name: 'g', version: '1', sha256: '', samples: 3 } },
    });
    // Order within a multi dimension does not count as a disagreement (p1 on sample 3).
    expect(m.disagreements.map((d) => [d.id, d.dims])).toEqual([['2', ['intent', 'language']], ['3', ['intent']]]);
    expect(m.disagreements[0]!.preds.b).toBeNull();
    expect(m.disagreements[1]!.excerpt).toBe('user: join two tables');
    expect(m.dimensions.map((d) => d.headlineMetric)).toEqual(['kappa', 'alpha_masi']);
    expect(m.ceiling).toEqual({});
  });
});

describe('paretoFront', () => {
  it('keeps points no other point beats on both cost and quality', () => {
    const pts = [
      { id: 'free', cost: 0, quality: 0.4 },
      { id: 'cheap', cost: 1, quality: 0.7 },
      { id: 'dominated', cost: 2, quality: 0.6 },
      { id: 'best', cost: 5, quality: 0.9 },
      { id: 'tie', cost: 5, quality: 0.9 },
      { id: 'worse', cost: 6, quality: 0.9 },
    ];
    expect(paretoFront(pts).map((p) => p.id)).toEqual(['free', 'cheap', 'best', 'tie']);
  });
});

describe('a run folder read back (report RUN_DIR)', () => {
  it('reads a run folder through the runner schemas, with the gold set, ceiling and prompt versions', () => {
    const m = loadRunModel(writeAnnotatorRun(join(tmp, 'run')));
    expect(m.configs.map((c) => c.name)).toEqual(['ann1', 'ann2']);
    expect(m.baseline).toBe('ann1');
    expect(m.notes).toEqual([]);
    expect(Object.keys(m.ceiling)).toHaveLength(9);
    expect(m.prompts.map((p) => p.version)).toEqual(['v1', 'v2']);
    expect(m.configs[1]!.stats!.costPerSample).toBeCloseTo(0.0004, 12);
    const gold = loadGoldSet(packagePath('gold', 'v1'));
    expect(m.versions.gold.samples).toBe(gold.labels.length);
  });

  it('without run.json, needs --gold to know the gold set, then renders and says what is missing', () => {
    const dir = writeAnnotatorRun(join(tmp, 'partial'));
    rmSync(join(dir, 'run.json'));
    const metricsFile = join(dir, 'metrics.json');
    const metrics = JSON.parse(readFileSync(metricsFile, 'utf8'));
    writeFileSync(metricsFile, JSON.stringify({ ...metrics, gold: { ...metrics.gold, path: 'moved/away' } }));
    expect(() => loadRunModel(dir)).toThrow(/run\.json is missing, so the folder of the gold set "moved\/away" is not known; pass --gold DIR/);
    expect(() => loadRunModel(dir, { gold: join(tmp, 'nowhere') })).toThrow(/does not exist/);
    const goldCopy = join(tmp, 'gold-copy');
    cpSync(packagePath('gold', 'v1'), goldCopy, { recursive: true });
    const m = loadRunModel(dir, { gold: goldCopy });
    expect(m.notes.join('\n')).toMatch(/run\.json is missing/);
    expect(m.configs.every((c) => c.stats === null)).toBe(true);
    expect(m.disagreements.length).toBeGreaterThan(0);
  });

  it("finds an older run.json's gold (no gold.dir) from its experiment file's folder only, else says so", () => {
    const dir = writeAnnotatorRun(join(tmp, 'older'));
    const runFile = join(dir, 'run.json');
    const run = JSON.parse(readFileSync(runFile, 'utf8'));
    const cwd = join(tmp, 'older-cwd');
    cpSync(packagePath('gold', 'v1'), join(cwd, 'experiments', 'gold-v1'), { recursive: true });
    writeFileSync(runFile, JSON.stringify({ ...run, experiment: { ...run.experiment, file: 'experiments/x.yaml' }, gold: { ...run.gold, path: 'gold-v1' } }));
    expect(loadRunModel(dir, { cwd }).disagreements.length).toBeGreaterThan(0);
    // Not guessed from the cwd, the run folder or its parent.
    cpSync(packagePath('gold', 'v1'), join(dir, 'gold-v1'), { recursive: true });
    expect(() => loadRunModel(dir, { cwd: tmp })).toThrow(/names no gold\.dir \(written by an older version\), and its experiment's gold "gold-v1" .* is not a gold set .*; pass --gold DIR/);
  });

  it('refuses a folder without metrics.json (exit 2)', () => {
    expect(() => loadRunModel(tmp)).toThrow(/no metrics\.json/);
  });
});
