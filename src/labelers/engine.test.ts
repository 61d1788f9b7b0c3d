import { describe, expect, it } from 'vitest';
import { preprocess } from '../preprocess/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { fakeLabeler } from './__fixtures__/fake-labeler.js';
import { labelOne, outputRecord } from './engine.js';

const taxonomy = loadTaxonomy();
const conv = { id: 'x', format: 'openai', turns: [{ role: 'user' as const, content: 'hi' }], tools: [] };

describe('labelOne', () => {
  it('returns the labeler outcome', async () => {
    const o = await labelOne(conv, { labeler: fakeLabeler(), taxonomy, model: 'm', preprocess });
    expect(o.labels?.intent).toBe('build');
  });
  it('turns a throwing preprocess into a failed outcome naming the record', async () => {
    const o = await labelOne(conv, {
      labeler: fakeLabeler(),
      taxonomy,
      model: 'm',
      preprocess: () => {
        throw new TypeError('no turns');
      },
    });
    expect(o.labels).toBeNull();
    expect(o.labeling_monitor).toMatchObject({ labeler: 'fake', model: 'm', taxonomy_version: taxonomy.version });
    expect(o.labeling_monitor.error).toBe('labeler fake threw on record x: TypeError: no turns');
  });
});

describe('outputRecord', () => {
  const outcome = { labels: null, confidence: {}, labeling_monitor: {} as never };
  it('adds the three fields after the record’s own, overwriting earlier labels', () => {
    const r = outputRecord({ id: 'a', labels: { old: 'x' }, z: 1 }, outcome);
    expect(Object.keys(r)).toEqual(['id', 'labels', 'z', 'confidence', 'labeling_monitor']);
    expect(r.labels).toBeNull();
  });
  it('keeps a non-object record whole under `record`', () => {
    expect(outputRecord([{ role: 'user', content: 'hi' }], outcome).record).toEqual([{ role: 'user', content: 'hi' }]);
  });
});
