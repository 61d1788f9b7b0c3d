import { describe, expect, it } from 'vitest';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { encodeMulti, multiMetrics } from './multi.js';

const tax = loadTaxonomy();
const lang = tax.byId.get('language')!;
const S = (...tags: string[]): Labels => ({ language: tags });

describe('encodeMulti', () => {
  it('dedupes tags, ignores order, and treats a failed prediction as the empty set', () => {
    const d = encodeMulti(lang, [S('python', 'sql'), S('go')], [S('sql', 'python', 'sql'), null]);
    expect(d.goldSet[0]).toBe(d.predSet[0]);
    expect(d.pSize[1]).toBe(0);
    expect(d.itemMasi[1]).toBe(1);
  });

  it('identifies sets larger than the numeric key allows (string fallback) and unknown tags', () => {
    const seven = lang.tags.slice(0, 7).map((t) => t.id);
    const d = encodeMulti(lang, [S(...seven), S('klingon')], [S(...[...seven].reverse()), S('klingon', 'python')]);
    expect(d.goldSet[0]).toBe(d.predSet[0]);
    expect(d.gSize[0]).toBe(7);
    expect(d.tags).toContain('klingon');
    expect(d.inter[1]).toBe(1);
    expect(new Set([...d.goldSet, ...d.predSet]).size).toBe(3);
  });
});

describe('multiMetrics', () => {
  it('skips tags whose binary kappa is undefined and says how many', () => {
    // python is in every item on both sides: its kappa is undefined.
    const d = encodeMulti(lang, [S('python', 'sql'), S('python'), S('python', 'go')], [S('python', 'sql'), S('python', 'go'), S('python')]);
    const m = multiMetrics(d);
    expect(m.kappa_macro_undefined).toBe(1);
    expect(m.kappa_macro_tags).toBe(2);
    // sql: perfect (kappa 1); go: gold item 3, pred item 2 -> tp 0, fp 1, fn 1, tn 1: po 1/3, pe 5/9, kappa -0.5.
    expect(m.kappa_macro.value).toBeCloseTo((1 - 0.5) / 2, 12);
    expect(m.per_tag.python).toEqual({ precision: 1, recall: 1, f1: 1, support: 3 });
  });

  it('every metric is null with a reason when nothing was tagged on either side, except exact match and jaccard', () => {
    const m = multiMetrics(encodeMulti(lang, [S(), S()], [S(), S()]));
    expect(m.exact_match.value).toBe(1);
    expect(m.jaccard.value).toBe(1);
    expect(m.micro_f1).toEqual({ value: null, reason: 'no tags on either side' });
    expect(m.macro_f1.value).toBeNull();
    expect(m.kappa_macro.value).toBeNull();
    expect(m.alpha_masi.value).toBeNull();
  });
});
