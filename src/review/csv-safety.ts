/**
 * Formula injection (CSV injection) defence, per the OWASP "CSV Injection" guidance: a spreadsheet treats a cell
 * starting with `=`, `+`, `-`, `@`, tab or carriage return as a formula (or the start of one), so text from a labeled
 * dataset could run `=HYPERLINK(...)`/DDE payloads on the reviewer's machine. Such a cell is written with a single
 * quote in front, which spreadsheets show as text and do not evaluate.
 *
 * Round trip (decided): import removes that one quote again only when it is followed by one of the trigger
 * characters, i.e. exactly when export added it. So a legitimate value like `-1` is exported as `'-1`, shown by
 * Excel as `-1`, and read back as `-1`; a value that really starts with a quote followed by something else (`'hello`)
 * is left alone. The one ambiguity: a value that itself was `'-1` before export is exported as `'-1` (it does not
 * start with a trigger) and read back as `-1`. Only correction cells are read back, and tag ids never start with a
 * quote, so this cannot corrupt a correction.
 */
export const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'] as const;

const TRIGGER = /^[=+\-@\t\r]/;

/** Neutralise one cell for export: prefix a single quote when it starts with a formula trigger. */
export function neutraliseCell(value: string): string {
  return TRIGGER.test(value) ? `'${value}` : value;
}

/** Undo neutraliseCell on import: drop a leading quote that is followed by a trigger character. */
export function restoreCell(value: string): string {
  return value.startsWith("'") && TRIGGER.test(value.slice(1)) ? value.slice(1) : value;
}
