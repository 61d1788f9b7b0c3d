import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../taxonomy/index.js';
import { BASE_LABELS, BASE_SIGNALS } from './__fixtures__/base.js';
import { validateLabels } from './validate.js';

const tax = loadTaxonomy();

describe('validateLabels', () => {
  it('normalises near-miss spellings and validates the result', () => {
    const r = validateLabels({ ...BASE_LABELS, language: ['Python3'], intent: 'Create' }, tax, BASE_SIGNALS);
    expect(r.labels['language']).toEqual(['python']);
    expect(r.labels['intent']).toBe('build');
    expect(r.mapped).toHaveLength(2);
    expect(r.valid).toBe(true);
    expect(r.violations).toEqual([]);
  });

  it('is invalid when an unmapped tag leaves a dimension empty', () => {
    const r = validateLabels({ ...BASE_LABELS, concept: ['vibes'] }, tax, BASE_SIGNALS);
    expect(r.unmapped).toEqual([{ dimension: 'concept', value: 'vibes' }]);
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => v.rule)).toContain('cardinality-bounds');
  });

  it('stays valid with warnings only, and with missing signals', () => {
    const r = validateLabels({ ...BASE_LABELS, language: ['sql'] }, tax, BASE_SIGNALS);
    expect(r.violations.map((v) => v.rule)).toEqual(['fenced-languages-tagged']);
    expect(r.valid).toBe(true);
    const noSignals = validateLabels(BASE_LABELS, tax);
    expect(noSignals.valid).toBe(true);
    expect(noSignals.skipped_rules.length).toBeGreaterThan(0);
  });

  it('reports shape problems as label-shape errors', () => {
    const r = validateLabels({ ...BASE_LABELS, intent: ['build', 'debug'] }, tax, BASE_SIGNALS);
    expect(r.valid).toBe(false);
    expect(r.violations[0]).toMatchObject({ rule: 'label-shape', severity: 'error' });
  });
});
