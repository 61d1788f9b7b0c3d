/**
 * When a labeled set counts as failed, and why its records failed, in words a user can act on. One definition for
 * `label` (exit 1), `run` (a configuration marked failed in every report) and `promote` (refuses a failed one).
 */

/** How many failed records a run may have: a count, or a fraction of its records. */
export type MaxFailed = { kind: 'count'; value: number } | { kind: 'fraction'; value: number };

/**
 * Default `--max-failed`: 10 % of the records. A healthy LLM run fails well under 1 % (an unparsable answer after its
 * repair re-ask); a wrong key, a dead endpoint or a rejected request shape fails nearly all of them.
 */
export const DEFAULT_MAX_FAILED: MaxFailed = { kind: 'fraction', value: 0.1 };

/** `10%`, `0.1` (fractions below 1) or `25` (a count of records). Null when the text is neither. */
export function parseMaxFailed(text: string): MaxFailed | null {
  const t = text.trim();
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (pct) {
    const v = Number(pct[1]) / 100;
    return v <= 1 ? { kind: 'fraction', value: v } : null;
  }
  if (/^\d+$/.test(t)) return { kind: 'count', value: Number(t) };
  if (/^0?\.\d+$/.test(t)) return { kind: 'fraction', value: Number(t) };
  return null;
}

export function formatMaxFailed(m: MaxFailed): string {
  return m.kind === 'count' ? String(m.value) : `${Math.round(m.value * 1e6) / 1e4}%`;
}

/**
 * Why a labeling run counts as failed, or null when it does not: of the records given to the labeler (`labeled +
 * failed`, where `failed` are labeler failures: no answer, an unusable one), none labeled, or more failed than `max`
 * allows. Bad input records are not the labeler's doing and are not counted here (they are listed in the stats).
 */
export function failedVerdict(c: { labeled: number; failed: number }, max: MaxFailed = DEFAULT_MAX_FAILED): string | null {
  const records = c.labeled + c.failed;
  if (records === 0 || c.failed === 0) return null;
  if (c.labeled === 0) return `nothing was labeled: all ${records} record(s) failed`;
  const over = max.kind === 'count' ? c.failed > max.value : c.failed / records > max.value;
  return over ? `${c.failed} of ${records} record(s) failed (${pct(c.failed / records)}), more than --max-failed ${formatMaxFailed(max)}` : null;
}

/**
 * A failure reason with what differs between records taken out (the record id, attempt counts, durations), so the
 * same cause on many records counts as one reason.
 */
export function failureReasonKey(reason: string, id?: string): string {
  let r = reason;
  if (id) r = r.split(id).join('<id>');
  return r
    .replace(/\s*\(after \d+ attempt\(s\)\)/g, '')
    .replace(/\b\d+(?:\.\d+)? ?ms\b/g, 'N ms')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 240);
}

/** Counts of failure reasons, bounded in distinct reasons; the top ones for messages and stats. */
export class FailureReasons {
  private readonly counts = new Map<string, number>();
  private other = 0;
  constructor(private readonly maxDistinct = 1000) {}

  add(reason: string, id?: string, n = 1): void {
    const key = failureReasonKey(reason, id);
    if (this.counts.has(key) || this.counts.size < this.maxDistinct) this.counts.set(key, (this.counts.get(key) ?? 0) + n);
    else this.other += n;
  }

  /** The `n` most frequent reasons, largest first (ties by text); reasons beyond the distinct bound as `other reasons`. */
  top(n: number): Array<{ reason: string; count: number }> {
    const list = [...this.counts].map(([reason, count]) => ({ reason, count }));
    if (this.other) list.push({ reason: 'other reasons', count: this.other });
    return list.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)).slice(0, n);
  }
}

/** `  37 x call1: HTTP 401: invalid api key` lines. */
export function formatReasons(reasons: ReadonlyArray<{ reason: string; count: number }>): string {
  return reasons.map((r) => `  ${r.count} x ${r.reason}`).join('\n');
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}
