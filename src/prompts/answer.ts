import { z } from 'zod';
import type { ChatRequest, ResponseFormatMode } from '../llm/index.js';
import type { Dimension, Taxonomy } from '../taxonomy/index.js';
import type { CallName } from './load.js';

/**
 * One dimension in a model answer, read leniently: tags are any strings (validation maps near-misses and records
 * unknown ones), a bare string counts as a one-element list, a numeric string confidence is accepted, and extra
 * fields (a rationale) are kept but ignored.
 */
export const DimensionAnswerSchema = z.looseObject({
  tags: z.union([z.string().transform((s) => [s]), z.array(z.string())]),
  confidence: z.coerce.number().min(0).max(1),
});
export type DimensionAnswer = z.infer<typeof DimensionAnswerSchema>;

/** The answer of one call: `{ "<dim>": { tags, confidence } }` for each of its dimensions. */
export type CallAnswer = Record<string, DimensionAnswer>;

/** The dimensions a call asks for, in taxonomy order. */
export function callDimensions(tax: Taxonomy, call: CallName): Dimension[] {
  const n = call === 'call1' ? 1 : 2;
  return tax.dimensions.filter((d) => d.call === n);
}

/** Lenient zod schema of a call's answer (every dimension of the call required; other keys dropped). */
export function answerZodSchema(dims: readonly Dimension[]): z.ZodType<CallAnswer> {
  const shape: Record<string, typeof DimensionAnswerSchema> = {};
  for (const d of dims) shape[d.id] = DimensionAnswerSchema;
  // Unknown top-level keys are stripped: only the call's dimensions come out.
  return z.object(shape) as unknown as z.ZodType<CallAnswer>;
}

/**
 * Strict JSON schema of a call's answer for `json_schema` mode (and written into the prompt in `json_object` mode):
 * every field required, no extra properties, each dimension's tag pool as an enum. Key order is taxonomy order, so
 * the text is byte-stable across samples.
 */
export function answerJsonSchema(dims: readonly Dimension[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const d of dims) properties[d.id] = dimensionJsonSchema(d);
  return { type: 'object', properties, required: dims.map((d) => d.id), additionalProperties: false };
}

/**
 * One schema for the answers of both calls (prompt v3): every dimension present, and null for each dimension the
 * call does not ask for. Both calls then send the same response_format (and, in json_object mode, the same system
 * message), so a provider that puts the schema ahead of the messages still sees call 2's prefix equal call 1's.
 * Strict-mode compatible (every field required, nullable through anyOf).
 */
export function sharedAnswerJsonSchema(dims: readonly Dimension[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const d of dims) properties[d.id] = { anyOf: [dimensionJsonSchema(d), { type: 'null' }] };
  return { type: 'object', properties, required: dims.map((d) => d.id), additionalProperties: false };
}

function dimensionJsonSchema(d: Dimension): Record<string, unknown> {
  return {
      type: 'object',
      properties: {
        tags: {
          type: 'array',
          items: { type: 'string', enum: d.tags.map((t) => t.id) },
          minItems: d.selection === 'single' ? 1 : d.min,
          maxItems: d.selection === 'single' ? 1 : d.max,
        },
        confidence: { type: 'number', minimum: 0, maximum: 1 },
      },
      required: ['tags', 'confidence'],
      additionalProperties: false,
  };
}

/** `response_format` for a call: the strict schema in json_schema mode, plain json_object otherwise. */
export function responseFormatFor(mode: ResponseFormatMode, call: CallName | 'answer', schema: Record<string, unknown>): ChatRequest['response_format'] {
  if (mode === 'json_object') return { type: 'json_object' };
  return { type: 'json_schema', json_schema: { name: `sft_label_${call}`, strict: true, schema } };
}
