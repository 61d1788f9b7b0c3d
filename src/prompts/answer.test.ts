import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../taxonomy/index.js';
import { answerJsonSchema, answerZodSchema, callDimensions, portableJsonSchema, responseFormatFor } from './answer.js';

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

describe('portableJsonSchema', () => {
  const full = {
    type: 'object',
    properties: {
      intent: {
        type: 'object',
        properties: {
          tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 1, maxItems: 1 },
          confidence: { type: 'number', minimum: 0, maximum: 1 },
        },
        required: ['tags', 'confidence'],
        additionalProperties: false,
      },
      language: {
        type: 'object',
        properties: { tags: { type: 'array', items: { type: 'string', enum: ['x', 'y', 'z'] }, minItems: 2, maxItems: 3 } },
        required: ['tags'],
        additionalProperties: false,
      },
    },
    required: ['intent', 'language'],
    additionalProperties: false,
  };
  it('keeps only keywords every structured-output implementation accepts, bounds moved into descriptions', () => {
    const p = portableJsonSchema(full);
    const text = JSON.stringify(p);
    for (const banned of ['minimum', 'maximum', 'maxItems', '"minItems":2', 'uniqueItems']) expect(text).not.toContain(banned);
    const intent = (p.properties as Record<string, { properties: Record<string, Record<string, unknown>> }>).intent!;
    expect(intent.properties.tags).toEqual({ type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 1, description: 'exactly 1 item' });
    expect(intent.properties.confidence).toEqual({ type: 'number', description: 'from 0 to 1' });
    const language = (p.properties as Record<string, { properties: Record<string, Record<string, unknown>> }>).language!;
    expect(language.properties.tags).toMatchObject({ minItems: 1, description: '2 to 3 items' });
    expect(p).toMatchObject({ required: ['intent', 'language'], additionalProperties: false });
    expect(full.properties.intent.properties.confidence).toEqual({ type: 'number', minimum: 0, maximum: 1 }); // input untouched
  });
  it('is what json_schema mode sends, while json_object mode sends no schema at all', () => {
    const rf = responseFormatFor('json_schema', 'call1', full);
    expect(rf.type === 'json_schema' && rf.json_schema.strict).toBe(true);
    expect(JSON.stringify(rf)).not.toMatch(/minimum|maximum|maxItems/);
    expect(responseFormatFor('json_object', 'call1', full)).toEqual({ type: 'json_object' });
  });
});
