/**
 * Getting the JSON object out of a model's answer. Models wrap JSON in ```json fences, put prose around it, or
 * stop mid-object (finish_reason length); this finds the first complete object and says why when there is none.
 */

export type ExtractedJson =
  | { ok: true; value: Record<string, unknown>; /** the exact JSON text that was parsed */ text: string }
  | { ok: false; reason: string };

const FENCE = /```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/g;

/**
 * The first balanced JSON object in `text`: fenced blocks are tried first, then the whole text. Brace matching
 * knows about strings and escapes, so `"a } in a string"` does not end the object. An object that starts but never
 * closes is reported as truncated.
 */
export function extractJsonObject(text: string): ExtractedJson {
  if (!text.trim()) return { ok: false, reason: 'empty answer' };
  const fenced = [...text.matchAll(FENCE)].map((m) => m[1] ?? '');
  let firstFailure: string | undefined;
  for (const region of [...fenced, text]) {
    const found = firstObjectIn(region);
    if (found.ok) return found;
    firstFailure ??= found.reason;
  }
  return { ok: false, reason: firstFailure ?? 'no JSON object found' };
}

/** Try each `{` in turn until one starts a balanced span that parses as an object. */
function firstObjectIn(region: string): ExtractedJson {
  let failure: string | undefined;
  for (let start = region.indexOf('{'); start !== -1; start = region.indexOf('{', start + 1)) {
    const end = matchingBrace(region, start);
    if (end === -1) {
      failure ??= `unterminated JSON object starting at offset ${start} (truncated answer?)`;
      // Later `{` inside an unterminated object cannot close either unless they are nested complete objects; a
      // truncated answer must not be "repaired" by picking an inner object, so stop here.
      break;
    }
    const candidate = region.slice(start, end + 1);
    try {
      const value: unknown = JSON.parse(candidate);
      if (value && typeof value === 'object' && !Array.isArray(value))
        return { ok: true, value: value as Record<string, unknown>, text: candidate };
    } catch (err) {
      failure ??= `invalid JSON at offset ${start}: ${(err as Error).message}`;
    }
  }
  return { ok: false, reason: failure ?? 'no JSON object found' };
}

/** Index of the `}` closing the `{` at `start`, or -1 when the text ends first. */
function matchingBrace(s: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < s.length; i++) {
    const ch = s[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}
