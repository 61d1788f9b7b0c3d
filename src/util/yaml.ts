import { createRequire } from 'node:module';
import type { Document } from 'yaml';
import type { z } from 'zod';

/**
 * The yaml package, loaded on first use: commands that read only the taxonomy find its build-time snapshot
 * (src/taxonomy/snapshot.ts) and never pay for loading the parser.
 */
const yamlModule = (): typeof import('yaml') => createRequire(import.meta.url)('yaml') as typeof import('yaml');

/** A parsed YAML document that can say on which line a dotted path sits. */
export interface LocatedYaml {
  data: unknown;
  /** 1-based line of the node at `path`, or of its nearest existing parent. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
  /** YAML syntax errors, each `file:line: message`. */
  syntaxErrors: string[];
}

export function parseYamlLocated(text: string, file: string): LocatedYaml {
  const { LineCounter, parseDocument } = yamlModule();
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntaxErrors = doc.errors.map((e) => {
    const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    return `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message.split('\n')[0]}`;
  });
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return { data: syntaxErrors.length ? undefined : doc.toJS(), lineOf, syntaxErrors };
}

/** Render a path as `dimensions[2].tags[0].id`. */
export function dottedPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

/** Turn zod issues into `file:line: path: message` lines. */
export function describeZodIssues(issues: readonly z.core.$ZodIssue[], file: string, located?: LocatedYaml): string[] {
  return issues.map((issue) => {
    const line = located?.lineOf(issue.path);
    return `${file}${line ? `:${line}` : ''}: ${dottedPath(issue.path)}: ${issue.message}`;
  });
}
