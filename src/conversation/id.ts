import { createHash } from 'node:crypto';

/** Fields that labeling adds to a record; they never take part in its content hash. */
export const LABEL_FIELDS = ['labels', 'confidence', 'labeling_monitor'] as const;

/** JSON with object keys sorted at every level, so equal content hashes equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * A record's id: its `id` field when present (numbers stringified), else `h_` + the first 16 hex digits of the
 * sha256 of its canonical JSON without the labeling fields. Stable across runs, machines and key order, and the
 * same for an input record and its labeled output.
 */
export function recordId(record: unknown): string {
  if (record && typeof record === 'object' && !Array.isArray(record)) {
    const id = (record as Record<string, unknown>).id;
    if (typeof id === 'string' && id.length > 0) return id;
    if (typeof id === 'number' && Number.isFinite(id)) return String(id);
    const rest: Record<string, unknown> = { ...(record as Record<string, unknown>) };
    for (const f of LABEL_FIELDS) delete rest[f];
    return `h_${sha256Hex(canonicalJson(rest)).slice(0, 16)}`;
  }
  return `h_${sha256Hex(canonicalJson(record)).slice(0, 16)}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
