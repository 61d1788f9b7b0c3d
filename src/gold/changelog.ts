/**
 * The gold set's CHANGELOG.md entry for a new version, written by `gold bump` itself: an existing `## <version>`
 * entry is kept; else the `## Unreleased` block (written by `review import`) is named `## <version> — <date>`; else a
 * new entry is made from the note. The note, when given, is added as a `- ` line. Headings inside fenced code blocks
 * (the format example at the top of gold changelogs) are not entries. Pure: text in, text out.
 */
export function changelogWithEntry(
  text: string,
  entry: { version: string; date: string; note?: string },
): { text: string; how: 'existing' | 'unreleased' | 'note' } | { problem: string } {
  const lines = text.split('\n');
  const headings: Array<{ i: number; line: string }> = [];
  let fenced = false;
  lines.forEach((l, i) => {
    if (/^\s*```/.test(l)) fenced = !fenced;
    if (!fenced && l.startsWith('## ')) headings.push({ i, line: l });
  });
  const noteLines = entry.note ? entry.note.trim().split('\n').map((l) => (l.startsWith('- ') ? l : `- ${l}`)) : [];
  const heading = `## ${entry.version} — ${entry.date}`;
  const endOf = (h: number): number => {
    const next = headings.find((x) => x.i > h)?.i ?? lines.length;
    let at = next;
    while (at > h + 1 && lines[at - 1]!.trim() === '') at--;
    return at;
  };
  const existing = headings.find((h) => new RegExp(`^## ${entry.version.replace(/\./g, '\\.')}\\b`).test(h.line));
  if (existing) {
    if (noteLines.length) lines.splice(endOf(existing.i), 0, ...noteLines);
    return { text: lines.join('\n'), how: 'existing' };
  }
  const unreleased = headings.find((h) => /^## Unreleased\b/.test(h.line));
  if (unreleased) {
    if (noteLines.length) lines.splice(endOf(unreleased.i), 0, ...noteLines);
    lines[unreleased.i] = heading;
    return { text: lines.join('\n'), how: 'unreleased' };
  }
  if (!noteLines.length) return { problem: `no "## ${entry.version}" or "## Unreleased" entry, and no --note` };
  const block = [heading, ...noteLines, ''];
  const first = headings[0]?.i;
  if (first === undefined) return { text: `${text.replace(/\n*$/, '\n\n')}${block.join('\n')}\n`, how: 'note' };
  lines.splice(first, 0, ...block);
  return { text: lines.join('\n'), how: 'note' };
}
