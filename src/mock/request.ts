import type { MockRequest } from './replies.js';

/** The markers between which a json_object prompt embeds its JSON schema (see README.md). */
export const SCHEMA_OPEN = '<<<SCHEMA';
export const SCHEMA_CLOSE = 'SCHEMA>>>';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Build the script's view of a chat request: joined message text and the schema it asks for. */
export function toMockRequest(headers: MockRequest['headers'], body: Obj): MockRequest {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const contents = messages.map((m) => (isObj(m) && typeof m.content === 'string' ? m.content : ''));
  const text = contents.join('\n');
  return { headers, body, text, schema: requestSchema(body, contents) };
}

/**
 * json_schema: the schema sent. json_object: the last schema embedded between the markers in a system message (v1,
 * v2), else the tag lists of a prompt v3 system message (promptTagSchema; v3 embeds no schema), else the last one
 * embedded in any message (scripts and tests that put it in a user turn). System messages first, so marker text
 * inside a sample (a user turn) cannot stand in for the prompt's own answer format.
 */
export function requestSchema(body: Obj, contents: string[]): Obj | undefined {
  const rf = body.response_format;
  if (isObj(rf) && rf.type === 'json_schema' && isObj(rf.json_schema) && isObj(rf.json_schema.schema)) return rf.json_schema.schema;
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const system = messages.filter((m): m is Obj => isObj(m) && m.role === 'system' && typeof m.content === 'string').map((m) => m.content as string);
  return embeddedSchema(system) ?? promptTagSchema(system, askedStep(messages)) ?? embeddedSchema(contents);
}

/**
 * The step a prompt v3 request asks for: the last `Step N` in its last user message (call 1 ends its sample with
 * `Step 1: label ...`, the call-2 follow-up turn opens with `Step 2.`). A real model answers that step's dimensions
 * only; without the marker the mock answers every dimension.
 */
export function askedStep(messages: readonly unknown[]): number | undefined {
  const last = [...messages].reverse().find((m): m is Obj => isObj(m) && m.role === 'user' && typeof m.content === 'string');
  const steps = [...((last?.content as string | undefined) ?? '').matchAll(/\bStep (\d+)[.:]/g)];
  const n = steps.at(-1)?.[1];
  return n === undefined ? undefined : Number(n);
}

/** The last JSON object embedded between SCHEMA_OPEN and SCHEMA_CLOSE in `contents`, if any. */
function embeddedSchema(contents: readonly string[]): Obj | undefined {
  for (const content of [...contents].reverse()) {
    const start = content.lastIndexOf(SCHEMA_OPEN);
    if (start === -1) continue;
    const end = content.indexOf(SCHEMA_CLOSE, start);
    if (end === -1) continue;
    try {
      const parsed: unknown = JSON.parse(content.slice(start + SCHEMA_OPEN.length, end));
      if (isObj(parsed)) return parsed;
    } catch {
      /* not JSON between the markers: answer as if no schema */
    }
  }
  return undefined;
}

/**
 * A v3 dimension heading, `# Intent (intent, step 1, exactly 1 tag)` or `# Task (task, step 1, 1-2 tags, primary
 * first)`: the dimension id and its cardinality.
 */
const DIMENSION_HEADING = /^# [^\n(]*\(([a-z][a-z0-9_-]*), step (\d+), (?:exactly (\d+) tags?|(\d+)-(\d+) tags)[^)\n]*\)$/;
/** A tag line under `Tags...:`: `python: Python 2 or 3 ...`, `code-generation [build]: Write new ...`. */
const TAG_LINE = /^([a-z0-9][a-z0-9_+#.-]*)(?: \[[^\]\n]*\])?: \S/;

/**
 * The answer schema a prompt v3 system message implies (json_object mode sends none): one object per dimension
 * heading, its tags the ids of the lines under the heading's `Tags` line, its cardinality the heading's. Read from
 * system messages only (so nothing in a sample can add a dimension). With `step` (see `askedStep`), only the
 * dimensions of that step, as a real model answers; every dimension when the step has none. Undefined when there is
 * no such heading.
 */
export function promptTagSchema(systemContents: readonly string[], step?: number): Obj | undefined {
  const all: Obj = {};
  const inStep: Obj = {};
  for (const content of systemContents) {
    let dim: { id: string; step: number; min: number; max: number; tags: string[] } | undefined;
    let inTags = false;
    const close = (): void => {
      if (dim?.tags.length) {
        all[dim.id] = dimensionSchema(dim.tags, dim.min, dim.max);
        if (dim.step === step) inStep[dim.id] = all[dim.id];
      }
      dim = undefined;
      inTags = false;
    };
    for (const line of content.split('\n')) {
      const heading = DIMENSION_HEADING.exec(line);
      if (heading) {
        close();
        const exact = heading[3] !== undefined ? Number(heading[3]) : undefined;
        dim = { id: heading[1] ?? '', step: Number(heading[2]), min: exact ?? Number(heading[4]), max: exact ?? Number(heading[5]), tags: [] };
      } else if (dim && !inTags && /^Tags\b.*:$/.test(line)) inTags = true;
      else if (dim && inTags) {
        const tag = TAG_LINE.exec(line);
        if (tag?.[1]) dim.tags.push(tag[1]);
        else close();
      }
    }
    close();
  }
  // The asked step's dimensions when the request names a step that has some, else every dimension found.
  const properties = Object.keys(inStep).length > 0 ? inStep : all;
  const ids = Object.keys(properties);
  return ids.length ? { type: 'object', properties, required: ids, additionalProperties: false } : undefined;
}

function dimensionSchema(tags: string[], min: number, max: number): Obj {
  return {
    type: 'object',
    properties: {
      tags: { type: 'array', items: { type: 'string', enum: tags }, minItems: min, maxItems: max },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
    },
    required: ['tags', 'confidence'],
    additionalProperties: false,
  };
}
