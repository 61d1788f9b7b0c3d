import { ConfigError } from '../errors/index.js';
import type { Dimension } from '../taxonomy/index.js';

/** One `## ` section of the annotation guide. */
export interface GuideSection {
  /** The heading's number (`## 3. Domain ...` -> 3), null for an unnumbered heading. */
  number: number | null;
  /** The heading text after the number. */
  title: string;
  /** Everything under the heading up to the next `## `, trimmed. */
  body: string;
}

/**
 * The parts of docs/ANNOTATION_GUIDE.md that prompt v3 writes into its system message. Section 11 (worked examples)
 * is not among them: v3's few-shot examples are checked against it instead (fewshot.test.ts); section 12 (checks)
 * is replaced by the taxonomy's consistency rules in words.
 */
export interface Guide {
  /** `## 0. Principles`. */
  principles: string;
  /** The guide's section for each dimension id (sections 1-9, matched by the dimension's name). */
  byDimension: Record<string, GuideSection>;
  /** `## 10. Multi-turn and agentic conversations`. */
  multiTurn: string;
  /** `## Clarifications from adjudication ...`: its heading and body (binding decisions). */
  clarifications: GuideSection;
}

/** Split markdown into its `## ` sections (the text before the first one is the preamble, dropped). */
export function guideSections(markdown: string): GuideSection[] {
  const parts = markdown.replace(/\r\n/g, '\n').split(/^## /m).slice(1);
  return parts.map((part) => {
    const nl = part.indexOf('\n');
    const heading = (nl === -1 ? part : part.slice(0, nl)).trim();
    const m = /^(\d+)\.\s+(.*)$/.exec(heading);
    return { number: m ? Number(m[1]) : null, title: m ? (m[2] ?? '') : heading, body: nl === -1 ? '' : part.slice(nl + 1).trim() };
  });
}

/**
 * Read the guide's sections for the prompt. The guide is the authority on boundaries between tags, so a guide that
 * lost a section a prompt relies on is a ConfigError naming what is missing, never a prompt silently without it.
 */
export function parseGuide(markdown: string, dimensions: readonly Dimension[], file: string): Guide {
  const sections = guideSections(markdown);
  const problems: string[] = [];
  const numbered = (n: number, what: string): GuideSection | undefined => {
    const s = sections.find((x) => x.number === n);
    if (!s) problems.push(`${file}: no section "## ${n}. ${what}"`);
    return s;
  };
  const byDimension: Record<string, GuideSection> = {};
  for (const dim of dimensions) {
    const s = sections.find((x) => x.number !== null && x.number >= 1 && x.number <= 9 && x.title.toLowerCase().startsWith(dim.name.toLowerCase()));
    if (s) byDimension[dim.id] = s;
    else problems.push(`${file}: no numbered section for dimension ${dim.name} (a heading "## N. ${dim.name} ...")`);
  }
  const principles = numbered(0, 'Principles');
  const multiTurn = numbered(10, 'Multi-turn and agentic conversations');
  const clarifications = sections.find((x) => x.number === null && /^clarifications/i.test(x.title));
  if (!clarifications) problems.push(`${file}: no section "## Clarifications ..."`);
  if (problems.length || !principles || !multiTurn || !clarifications)
    throw new ConfigError(`annotation guide ${file}: ${problems.length} problem(s)`, problems, { file });
  return { principles: principles.body, byDimension, multiTurn: multiTurn.body, clarifications };
}
