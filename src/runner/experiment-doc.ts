import { z } from 'zod';
import { ExperimentFileSchema } from './experiment.js';

/**
 * docs/EXPERIMENTS.md, generated from the experiment file's zod schema (ExperimentFileSchema, src/runner/
 * experiment.ts): one table per object (top level, matrix, options, gates, ...) with each key's type, bounds,
 * default and `.describe()` text. `node scripts/gen-experiments-doc.mjs` writes it; experiment-doc.test.ts fails
 * while the committed file differs from what the schema says. Pure: no file system.
 */

type Json = {
  type?: string | string[];
  properties?: Record<string, Json>;
  required?: string[];
  additionalProperties?: Json | boolean;
  items?: Json;
  anyOf?: Json[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
};

const HEADER = `# Experiment files (\`experiments/*.yaml\`): reference

<!-- GENERATED from the zod schema in src/runner/experiment.ts: do not edit by hand. Edit the schema (its
     .describe() texts) and regenerate with one command:  npm run docs:experiments
     (= npm run build && node scripts/gen-experiments-doc.mjs). src/runner/experiment-doc.test.ts fails while
     this file is stale. -->

Regenerate after changing the schema: \`npm run docs:experiments\`.

An experiment names a gold set and a matrix of configurations (models x prompt versions x option axes); \`sft-label
run FILE\` labels the gold samples with each configuration through the response cache and scores them, \`sft-label ci
FILE\` gates it against a pinned baseline. Unknown keys are errors (with a did-you-mean); every problem is listed
at once as \`file:line: dotted.path: message\`, exit 2. Relative paths are relative to the experiment file.

## Example

\`\`\`yaml
name: deepseek-vs-sonnet
gold: ../gold/v1
matrix:
  models: [deepseek-v3.2, claude-sonnet-4.6]   # ids from models.yaml, or inline entries {id, base_url, model, ...}
  prompts: [v2, v3]
  temperature: [0, 0.3]                        # an option axis: one configuration per value
options:
  repeats: 2
  limit: 40
gates:
  max_drop: 0.02
  dimensions:
    difficulty: { max_drop: 0.05 }
\`\`\`
`;

/** Markdown of the whole reference. */
export function renderExperimentsDoc(): string {
  const root = z.toJSONSchema(ExperimentFileSchema, { io: 'input', unrepresentable: 'any' }) as Json;
  const sections: string[] = [HEADER];
  for (const { title, schema } of objectSections(root, '')) sections.push(renderSection(title, schema));
  return `${sections.join('\n').trimEnd()}\n`;
}

/** Every object with properties, depth first: the top level, then `matrix`, `options`, `gates`, `gates.dimensions.<dimension>`. */
function objectSections(schema: Json, path: string): Array<{ title: string; schema: Json }> {
  const out = [{ title: path, schema }];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const p = path ? `${path}.${key}` : key;
    if (prop.properties) out.push(...objectSections(prop, p));
    const values = typeof prop.additionalProperties === 'object' ? prop.additionalProperties : undefined;
    if (values?.properties) out.push(...objectSections(values, `${p}.<${key === 'dimensions' ? 'dimension' : 'key'}>`));
  }
  return out;
}

function renderSection(path: string, schema: Json): string {
  const title = path ? `## \`${path}\`` : '## Top level';
  const rows = Object.entries(schema.properties ?? {}).map(([key, prop]) => {
    const required = schema.required?.includes(key) && prop.default === undefined;
    const def = prop.default === undefined ? (required ? '**required**' : '') : `\`${JSON.stringify(prop.default)}\``;
    return `| \`${key}\` | ${cell(typeOf(prop))} | ${def} | ${cell(prop.description ?? '')} |`;
  });
  const intro = schema.description ? `${schema.description}\n\n` : '';
  return `${title}\n\n${intro}| key | type | default | meaning |\n|---|---|---|---|\n${rows.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A short type with its bounds: `integer 1..256`, `list of (string or object {id, ...})`, `number in (0, 1)`. */
function typeOf(s: Json): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(' or ');
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  const t = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
  if (t === 'array') {
    const item = s.items ? typeOf(s.items) : 'any';
    return `list of ${item.includes(' ') ? `(${item})` : item}${s.minItems ? ` (at least ${s.minItems})` : ''}`;
  }
  if (t === 'object') {
    if (s.properties && typeof s.additionalProperties === 'object') return `object {${Object.keys(s.properties).join(', ')}, ...}`;
    if (s.properties) return 'object (below)';
    if (typeof s.additionalProperties === 'object' && s.additionalProperties.properties) return 'map of objects (below)';
    return 'object';
  }
  if (t === 'integer' || t === 'number') return `${t}${range(s)}`;
  if (t === 'string' && s.pattern) return `string matching \`${s.pattern}\``;
  return t;
}

function range(s: Json): string {
  const big = (n: number | undefined): boolean => n !== undefined && Math.abs(n) >= Number.MAX_SAFE_INTEGER;
  const lo = s.minimum ?? s.exclusiveMinimum;
  const hi = big(s.maximum) ? undefined : (s.maximum ?? s.exclusiveMaximum);
  if (lo === undefined && hi === undefined) return '';
  if (s.exclusiveMinimum !== undefined || s.exclusiveMaximum !== undefined) {
    return ` in ${s.exclusiveMinimum !== undefined ? '(' : '['}${lo ?? '-inf'}, ${hi ?? 'inf'}${s.exclusiveMaximum !== undefined ? ')' : ']'}`;
  }
  return hi === undefined ? ` >= ${lo}` : ` ${lo ?? ''}..${hi}`;
}
