import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../taxonomy/index.js';
import { answerJsonSchema, answerZodSchema, callDimensions, responseFormatFor } from './answer.js';

const taxonomy = loadTaxonomy();

describe('callDimensions', () => {
  it('splits the nine dimensions over the two calls', () => {
    expect(callDimensions(taxonomy, 'call1').map((d) => d.id)).toEqual(['intent', 'language', 'domain', 'task', 'difficulty']);
    expect(callDimensions(taxonomy, 'call2').map((d) => d.id)).toEqual(['concept', 'agentic', 'constraint', 'context']);
  });
});

describe('answerJsonSchema', () => {
  it('is strict: every field required, no extra properties, the tag pool as enum', () => {
    const dims = callDimensions(taxonomy, 'call1');
    const schema = answerJsonSchema(dims) as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { required: string[]; additionalProperties: boolean; properties: { tags: { items: { enum: string[] }; maxItems: number } } }>;
    };
    expect(schema.required).toEqual(dims.map((d) => d.id));
    expect(schema.additionalProperties).toBe(false);
    for (const d of dims) {
      const p = schema.properties[d.id];
      expect(p?.required).toEqual(['tags', 'confidence']);
      expect(p?.additionalProperties).toBe(false);
      expect(p?.properties.tags.items.enum).toEqual(d.tags.map((t) => t.id));
    }
    expect(schema.properties.intent?.properties.tags.maxItems).toBe(1);
    expect(schema.properties.task?.properties.tags.maxItems).toBe(2);
  });
});

describe('answerZodSchema', () => {
  const schema = answerZodSchema(callDimensions(taxonomy, 'call1'));
  const full = {
    intent: { tags: ['build'], confidence: 0.9 },
    language: { tags: ['Python'], confidence: 0.8 },
    domain: { tags: ['not-a-domain'], confidence: 0.5 },
    task: { tags: ['code-generation'], confidence: 1 },
    difficulty: { tags: ['easy'], confidence: 0 },
  };
  it('accepts any tag strings, a bare string, a numeric string confidence, and ignores extra fields', () => {
    const r = schema.safeParse({ ...full, intent: { tags: 'build', confidence: '0.7', rationale: 'x' }, note: 'extra' });
    expect(r.success).toBe(true);
    expect(r.data?.intent).toMatchObject({ tags: ['build'], confidence: 0.7 });
    expect(r.data).not.toHaveProperty('note');
    expect(r.data?.domain?.tags).toEqual(['not-a-domain']);
  });
  it('rejects a missing dimension and an out-of-range confidence', () => {
    const { difficulty: _, ...missing } = full;
    expect(schema.safeParse(missing).success).toBe(false);
    expect(schema.safeParse({ ...full, task: { tags: ['x'], confidence: 1.5 } }).success).toBe(false);
  });
});

describe('responseFormatFor', () => {
  it('sends the schema only in json_schema mode', () => {
    expect(responseFormatFor('json_object', 'call1', {})).toEqual({ type: 'json_object' });
    expect(responseFormatFor('json_schema', 'call1', { a: 1 })).toEqual({
      type: 'json_schema',
      json_schema: { name: 'sft_label_call1', strict: true, schema: { a: 1 } },
    });
  });
});
