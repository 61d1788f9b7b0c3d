/** A fenced (```lang) or tagged (<code>) code block inside a message. */
export interface CodeBlock {
  /** Fence label as written (lower-cased, '' when none). */
  label: string;
  body: string;
  start: number;
  end: number;
}

// Opening fence at line start with an optional label, body up to the next fence. Backtick fences only: tilde
// fences are rare in chat data and markdown inline code never spans a newline after the opening run.
const FENCE_RE = /(?:^|\n)[ \t]*```[ \t]*([\w+#.-]*)[^\n`]*\n([\s\S]*?)(?:\n[ \t]*```|```)/g;
const CODE_TAG_RE = /<code>(\n[\s\S]*?)<\/code>/g;

/** Every fenced block, in order, plus multi-line `<code>` tags. Unclosed fences are ignored. */
export function findCodeBlocks(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  if (text.includes('```')) {
    for (const m of text.matchAll(FENCE_RE)) {
      blocks.push({ label: (m[1] ?? '').toLowerCase(), body: m[2] ?? '', start: m.index, end: m.index + m[0].length });
    }
  }
  if (text.includes('<code>')) {
    for (const m of text.matchAll(CODE_TAG_RE)) {
      blocks.push({ label: '', body: m[1] ?? '', start: m.index, end: m.index + m[0].length });
    }
    blocks.sort((a, b) => a.start - b.start);
  }
  return blocks;
}

/** The text outside the given blocks (blocks are in order and do not overlap). */
export function textOutside(text: string, blocks: readonly { start: number; end: number }[]): string {
  if (!blocks.length) return text;
  let out = '';
  let at = 0;
  for (const b of blocks) {
    if (b.start < at) continue;
    out += text.slice(at, b.start);
    at = b.end;
  }
  return out + text.slice(at);
}

/** Number of non-empty lines (a trailing newline adds nothing). */
export function countLines(body: string): number {
  let n = 0;
  let lineHasText = false;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 10) {
      if (lineHasText) n++;
      lineHasText = false;
    } else if (c !== 32 && c !== 9 && c !== 13) lineHasText = true;
  }
  return lineHasText ? n + 1 : n;
}
