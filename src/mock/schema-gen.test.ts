import { describe, expect, it } from 'vitest';
import { generateFromSchema, nearMissTags, seededRng } from './schema-gen.js';

describe('seededRng', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRng(42);
    const b = seededRng(42);
    const xs = Array.from({ length: 100 }, () => a());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()));
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('generateFromSchema', () => {
  const rng = seededRng(5);
  it('honours enums, const, bounds, type unions and anyOf', () => {
    const schema = {
      type: 'object',
      properties: {
        e: { type: 'string', enum: ['a', 'b'] },
        c: { const: 'fixed' },
        n: { type: 'integer', minimum: 3, maximum: 5 },
        u: { type: ['string', 'null'], enum: ['x'] },
        any: { anyOf: [{ type: 'null' }, { type: 'boolean' }] },
      },
    };
    for (let i = 0; i < 50; i++) {
      const v = generateFromSchema(schema, { rng }) as Record<string, unknown>;
      expect(['a', 'b']).toContain(v.e);
      expect(v.c).toBe('fixed');
      expect(v.n).toBeGreaterThanOrEqual(3);
      expect(v.n).toBeLessThanOrEqual(5);
      expect(v.u).toBe('x');
      expect(typeof v.any).toBe('boolean');
    }
  });
  it('draws unique enum items within minItems..maxItems and follows $ref', () => {
    const schema = {
      $defs: { pool: { type: 'string', enum: ['p', 'q', 'r'] } },
      type: 'object',
      properties: { tags: { type: 'array', items: { $ref: '#/$defs/pool' }, uniqueItems: true, minItems: 1, maxItems: 5 } },
    };
    for (let i = 0; i < 50; i++) {
      const { tags } = generateFromSchema(schema, { rng }) as { tags: string[] };
      expect(tags.length).toBeGreaterThanOrEqual(1);
      expect(tags.length).toBeLessThanOrEqual(3);
      expect(new Set(tags).size).toBe(tags.length);
      for (const t of tags) expect(['p', 'q', 'r']).toContain(t);
    }
  });
  it('sets confidence numbers from the option', () => {
    const schema = { type: 'object', properties: { confidence: { type: 'number', minimum: 0, maximum: 1 } } };
    expect(generateFromSchema(schema, { rng, confidence: 0.42 })).toEqual({ confidence: 0.42 });
    const v = generateFromSchema(schema, { rng, confidence: [0.8, 0.9] }) as { confidence: number };
    expect(v.confidence).toBeGreaterThanOrEqual(0.8);
    expect(v.confidence).toBeLessThanOrEqual(0.9);
  });
});

describe('nearMissTags', () => {
  it('misspells the first tag only, without touching the input', () => {
    const input = { a: { tags: ['code-review', 'x'], confidence: 1 }, b: { tags: ['python'] } };
    expect(nearMissTags(input)).toEqual({ a: { tags: ['Code Review', 'x'], confidence: 1 }, b: { tags: ['python'] } });
    expect(nearMissTags({ b: { tags: ['python'] } })).toEqual({ b: { tags: ['Python'] } });
    expect(input.a.tags[0]).toBe('code-review');
  });
});
