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

/** json_schema: the schema sent; otherwise the last schema embedded in a message between the markers. */
export function requestSchema(body: Obj, contents: string[]): Obj | undefined {
  const rf = body.response_format;
  if (isObj(rf) && rf.type === 'json_schema' && isObj(rf.json_schema) && isObj(rf.json_schema.schema)) return rf.json_schema.schema;
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
