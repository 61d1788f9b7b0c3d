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

/**
 * `response_format` for a call: in json_schema mode the PORTABLE form of the schema (portableJsonSchema), plain
 * json_object otherwise. The schema written into a json_object prompt stays the full one: it is only text there,
 * and the v1/v2 prompt texts (and the cache keys made from them) do not change.
 */
export function responseFormatFor(mode: ResponseFormatMode, call: CallName | 'answer', schema: Record<string, unknown>): ChatRequest['response_format'] {
  if (mode === 'json_object') return { type: 'json_object' };
  return { type: 'json_schema', json_schema: { name: `sft_label_${call}`, strict: true, schema: portableJsonSchema(schema) } };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Keywords some structured-output implementation rejects; the validator checks what they said. */
const NUMBER_BOUNDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const STRING_BOUNDS = ['minLength', 'maxLength', 'pattern'];

/**
 * The schema keeping only what every structured-output implementation accepts: type, properties, required,
 * additionalProperties false, items with enum, minItems 0 or 1. Anthropic's native structured outputs (and the
 * LiteLLM builds that map response_format onto them without a filter) answer 400 to minimum/maximum on numbers and
 * to array bounds beyond minItems 0/1 (PROVIDERS.md 0, read 2026-12-04; docs/ENDPOINTS.md); OpenAI strict mode
 * accepts the result. The dropped bounds move into `description` in words ("1 to 3 items", "from 0 to 1"), which
 * every implementation accepts and the model reads; the answer validator (answerZodSchema, the taxonomy's
 * cardinality rules) still enforces them. Pure; the input is not modified.
 */
export function portableJsonSchema(schema: Json): Json {
  const out: Json = {};
  const said: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (NUMBER_BOUNDS.includes(key) || STRING_BOUNDS.includes(key) || key === 'maxItems' || key === 'uniqueItems') continue;
    if (key === 'minItems') {
      if (typeof value === 'number' && value >= 1) out.minItems = 1;
      continue;
    }
    if (key === 'properties' && isObj(value))
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isObj(v) ? portableJsonSchema(v) : v]));
    else if ((key === 'items' || key === 'additionalProperties') && isObj(value)) out[key] = portableJsonSchema(value);
    else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value))
      out[key] = value.map((v: unknown) => (isObj(v) ? portableJsonSchema(v) : v));
    else out[key] = value;
  }
  const { minimum, maximum, minItems, maxItems } = schema;
  if (typeof minimum === 'number' && typeof maximum === 'number') said.push(`from ${minimum} to ${maximum}`);
  if (typeof maxItems === 'number') {
    const lo = typeof minItems === 'number' ? minItems : 0;
    said.push(lo === maxItems ? `exactly ${lo} item${lo === 1 ? '' : 's'}` : `${lo} to ${maxItems} items`);
  } else if (typeof minItems === 'number' && minItems > 1) said.push(`at least ${minItems} items`);
  if (said.length && out.description === undefined) out.description = said.join('; ');
  return out;
}
