/**
 * Random values that satisfy a JSON schema — the subset that structured-output schemas use: object (properties,
 * required, additionalProperties), array (items, minItems, maxItems, uniqueItems), string (enum, const), number and
 * integer (minimum, maximum), boolean, null, anyOf/oneOf, type unions and local $ref ($defs / definitions).
 */

import { mulberry32 } from '../util/prng.js';

export type Rng = () => number;

/** Deterministic [0, 1) generator (mulberry32), so a seeded mock answers the same way every run. */
export const seededRng: (seed: number) => Rng = mulberry32;

export interface GenerateOptions {
  rng: Rng;
  /** Value for every number property named `confidence` (fixed or [min, max]); default: the schema's bounds. */
  confidence?: number | [number, number];
}

type Schema = Record<string, unknown>;
const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A random value valid under `schema` (resolved against `root` for $ref). */
export function generateFromSchema(schema: unknown, options: GenerateOptions, root: unknown = schema, name = ''): unknown {
  const { rng } = options;
  if (!isObj(schema)) return {};
  if (typeof schema.$ref === 'string') return generateFromSchema(resolveRef(schema.$ref, root), options, root, name);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return pick(schema.enum, rng);
  const alternatives = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length) {
    const nonNull = alternatives.filter((a) => !(isObj(a) && a.type === 'null'));
    return generateFromSchema(pick(nonNull.length ? nonNull : alternatives, rng), options, root, name);
  }
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? 'null';
  if (type === undefined) type = isObj(schema.properties) ? 'object' : schema.items ? 'array' : 'string';
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isObj(schema.properties) ? schema.properties : {};
      for (const [key, sub] of Object.entries(props)) out[key] = generateFromSchema(sub, options, root, key);
      return out;
    }
    case 'array':
      return generateArray(schema, options, root);
    case 'number':
    case 'integer': {
      const said = describedRange(schema, /from (-?\d+(?:\.\d+)?) to (-?\d+(?:\.\d+)?)/i);
      const lo = typeof schema.minimum === 'number' ? schema.minimum : (said?.[0] ?? 0);
      const hi = typeof schema.maximum === 'number' ? schema.maximum : (said?.[1] ?? lo + 100);
      let [a, b] = [lo, hi];
      if (name === 'confidence' && options.confidence !== undefined) {
        if (typeof options.confidence === 'number') return options.confidence;
        [a, b] = [Math.max(lo, options.confidence[0]), Math.min(hi, options.confidence[1])];
      }
      const v = a + rng() * (b - a);
      return type === 'integer' ? Math.round(v) : Math.round(v * 100) / 100;
    }
    case 'boolean':
      return rng() < 0.5;
    case 'null':
      return null;
    default:
      return `text-${Math.floor(rng() * 1e6)}`;
  }
}

function generateArray(schema: Schema, options: GenerateOptions, root: unknown): unknown[] {
  const { rng } = options;
  let items = isObj(schema.items) ? schema.items : {};
  if (typeof items.$ref === 'string') items = (resolveRef(items.$ref, root) as Schema) ?? {};
  // A portable schema (src/prompts/answer.ts) states cardinality in its description only: "1 to 3 items".
  const said = describedRange(schema, /(\d+) to (\d+) items?/i) ?? describedRange(schema, /exactly (\d+) items?/i);
  const min = Math.max(typeof schema.minItems === 'number' ? schema.minItems : 0, said?.[0] ?? 0);
  const pool = Array.isArray(items.enum) ? [...items.enum] : undefined;
  let max = typeof schema.maxItems === 'number' ? schema.maxItems : (said?.[1] ?? Math.max(min, 3));
  if (pool && schema.uniqueItems) max = Math.min(max, pool.length);
  const count = min + Math.floor(rng() * (Math.max(min, max) - min + 1));
  if (pool && schema.uniqueItems) {
    const out: unknown[] = [];
    for (let i = 0; i < count && pool.length; i++) out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0]);
    return out;
  }
  return Array.from({ length: count }, () => generateFromSchema(items, options, root));
}

/** Bounds a description states in words (`from 0 to 1`, `1 to 3 items`, `exactly 1 item`), or undefined. */
function describedRange(schema: Schema, pattern: RegExp): [number, number] | undefined {
  if (typeof schema.description !== 'string') return undefined;
  const m = pattern.exec(schema.description);
  if (!m) return undefined;
  const lo = Number(m[1]);
  return [lo, m[2] !== undefined ? Number(m[2]) : lo];
}

function resolveRef(ref: string, root: unknown): unknown {
  if (!ref.startsWith('#/')) return {};
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = isObj(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return node ?? {};
}

function pick<T>(items: readonly T[], rng: Rng): T {
  return items[Math.floor(rng() * items.length)] as T;
}

/**
 * Misspell the first tag found in a `tags` array the way models do (`code-review` -> `Code Review`, `python` ->
 * `Python`), to exercise spelling normalisation: every misspelling maps back through `normaliseTagSpelling`.
 * Returns a new object.
 */
export function nearMissTags(answer: unknown): unknown {
  let done = false;
  const misspell = (tag: string): string =>
    /[-_]/.test(tag) ? tag.split(/[-_]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ') : `${tag.charAt(0).toUpperCase()}${tag.slice(1)}`;
  const walk = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => (!done && typeof x === 'string' && key === 'tags' ? ((done = true), misspell(x)) : walk(x, key)));
    if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(answer, '');
}
