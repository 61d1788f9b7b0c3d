import type { Taxonomy } from '../taxonomy/index.js';

/** Fixed columns before the per-dimension ones. */
export const LEAD_COLUMNS = ['id', 'excerpt', 'issues'] as const;

export const CORRECTION_SUFFIX = '_correction';
export const CONFIDENCE_SUFFIX = '_confidence';
/** The current gold label, beside the predicted one, in an export of a gold run. Never read back. */
export const GOLD_SUFFIX = '_gold';

/** Columns a selective export (`--budget`) adds after id: why the row was picked, its lowest confidence, what to check. */
export const SELECTION_COLUMNS = ['selection', 'priority', 'check'] as const;

/**
 * Column order of a review CSV: id, (selective export: selection, priority, check,) excerpt, issues, then per
 * dimension its predicted labels, (for a gold run) the current gold labels, the confidence and an empty correction
 * column, side by side so a reviewer edits next to what they are correcting.
 */
export function reviewColumns(taxonomy: Taxonomy, options: { selective?: boolean; gold?: boolean } = {}): string[] {
  const [id, ...rest] = LEAD_COLUMNS;
  return [
    id, ...(options.selective ? SELECTION_COLUMNS : []), ...rest,
    ...taxonomy.dimensions.flatMap((d) => [d.id, ...(options.gold ? [`${d.id}${GOLD_SUFFIX}`] : []), `${d.id}${CONFIDENCE_SUFFIX}`, `${d.id}${CORRECTION_SUFFIX}`]),
  ];
}

/** Tags in a cell: separated by `;` (as exported) or `,`, trimmed, empty parts dropped. */
export function splitTags(cell: string): string[] {
  return cell
    .split(/[;,]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

export const joinTags = (tags: readonly string[]): string => tags.join('; ');

/** Spreadsheet column letter of a 0-based index (0 -> A, 26 -> AA), for messages a reviewer can follow. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * RFC 4180 for every cell: quoted when it holds a CR, LF, double quote or the delimiter (csv-stringify on its own
 * quotes only the record delimiter, so a bare LF inside a cell split the row in every other reader), records end
 * with CRLF. Every review CSV writer (export, the `gold suggest` candidates) uses these.
 */
export const RFC4180_OPTIONS = { delimiter: ',', record_delimiter: 'windows', quoted_match: /[\r\n",]/ } as const;
