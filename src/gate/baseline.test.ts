import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { scoreLabels } from '../score/index.js';
import { baselineLabels, buildBaseline, readBaseline, writeBaseline } from './baseline.js';
import { goldFixture, spoil } from './__fixtures__/labels.js';

async function sample() {
  const { taxonomy, gold } = await goldFixture(10);
  const pred = spoil(taxonomy, gold, 'domain', (i) => i === 2);
  pred.set([...gold.keys()][4]!, null);
  return buildBaseline({
    experiment: 'e', toolVersion: '0.1.0', taxonomyVersion: '3.1',
    gold: { name: 'g', version: '1.0.0', labels_sha256: 'abc', samples: 10 }, prompts: { v1: { hash: 'h' } },
    configs: [{ name: 'm__v1', model: 'm', prompt: 'v1', promptHash: 'h', axes: {}, labels: new Map([...pred].reverse()), score: scoreLabels({ gold, pred, taxonomy, bootstrap: 0 }) }],
    cacheKeys: ['b', 'a', 'b'], createdAt: '2026-01-01T00:00:00.000Z',
  });
}

describe('buildBaseline', () => {
  it('keeps per-sample labels sorted by id (failures as null), headline and scalar metrics, sorted unique keys', async () => {
    const b = await sample();
    const c = b.configs['m__v1']!;
    expect(Object.keys(c.labels)).toEqual(Object.keys(c.labels).sort());
    expect(Object.values(c.labels).filter((l) => l === null)).toHaveLength(1);
    expect(c.dimensions.domain).toMatchObject({ kind: 'single', headline_metric: 'kappa' });
    expect(c.dimensions.domain!.metrics).toHaveProperty('accuracy');
    expect(c.dimensions.domain!.metrics).not.toHaveProperty('confusion');
    expect(b.cache_keys).toEqual(['a', 'b']);
    expect(baselineLabels(c).size).toBe(10);
  });
});

describe('readBaseline / writeBaseline', () => {
  it('round-trips byte-stable JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baseline-'));
    const b = await sample();
    writeBaseline(join(dir, 'sub', 'b.json'), b);
    const text = readFileSync(join(dir, 'sub', 'b.json'), 'utf8');
    expect(readBaseline(join(dir, 'sub', 'b.json'))).toEqual(b);
    writeBaseline(join(dir, 'sub', 'b.json'), readBaseline(join(dir, 'sub', 'b.json')));
    expect(readFileSync(join(dir, 'sub', 'b.json'), 'utf8')).toBe(text);
  });

  it('names a missing file and how to create it; names the field of a broken one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baseline-'));
    expect(() => readBaseline(join(dir, 'none.json'))).toThrow(/no baseline at .*none\.json: create it with `sft-label baseline update/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ version: 1, kind: 'sft-label-baseline', experiment: 3 }));
    const err = (() => {
      try {
        readBaseline(join(dir, 'bad.json'));
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.problems.some((p) => p.includes('bad.json: experiment:'))).toBe(true);
  });
});
