#!/usr/bin/env node
// Import circles between source files (issue 13): every relative `import ... from`, `import type`, `export ... from`
// and `import('...')` of src/**/*.ts except tests, file-level. A circle is reported once per strongly connected
// component, with its files and one shortest loop through them. Exit 1 when any is found (besides the allowed ones).
//
//   node scripts/check-cycles.mjs [ROOT]        ROOT defaults to src/
//
// Type-only imports count: they do not run, but they tie two files together just the same (a reader must read both
// to understand either, and a later value import closes the circle at run time).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Circles known and being fixed elsewhere, each the exact set of files of one component (relative to ROOT). A
 * component with one more file, or any other circle, still fails.
 */
export const ALLOWED = [];

/** Every .ts file under root that is not a test, a fixture or a declaration file, as absolute paths. */
export function sourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== '__fixtures__' && name !== 'node_modules') walk(path);
      } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) {
        out.push(path);
      }
    }
  };
  walk(root);
  return out;
}

/** The relative specifiers a file imports or re-exports, statically or with import(), type-only included. */
export function importsOf(text) {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((s) => s.startsWith('./') || s.startsWith('../'));
}

/** file -> the source files it imports (a `.js` specifier names the `.ts` file beside it, as NodeNext writes them). */
export function importGraph(files) {
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const targets = new Set();
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const base = resolve(dirname(file), spec);
      const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
      const hit = candidates.find((c) => known.has(c));
      if (hit && hit !== file) targets.add(hit);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** Strongly connected components of more than one file (Tarjan, iterative so deep chains cannot overflow the stack). */
export function circles(graph) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const edges = graph.get(v) ?? [];
      if (i < edges.length) {
        frame[1]++;
        const w = edges[i];
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v), index.get(w)));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === index.get(v)) {
        const component = [];
        let w;
        do {
          w = stack.pop();
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1) out.push(component.sort());
      }
    }
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/** A shortest loop from `start` back to itself inside the component (breadth-first). */
export function shortestLoop(graph, component, start = component[0]) {
  const inside = new Set(component);
  const from = new Map();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(from.get(path[0]));
        return [...path, start];
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/**
 * The shortest loop through each file of a component, each loop once (started at its alphabetically first file):
 * enough to see every import that has to go, without listing the exponentially many longer loops.
 */
export function loopsOf(graph, component) {
  const seen = new Map();
  for (const file of component) {
    const loop = shortestLoop(graph, component, file).slice(0, -1);
    const first = loop.indexOf([...loop].sort()[0]);
    const rotated = [...loop.slice(first), ...loop.slice(0, first)];
    seen.set(rotated.join('\n'), [...rotated, rotated[0]]);
  }
  return [...seen.values()].sort((a, b) => a.join('\n').localeCompare(b.join('\n')));
}

/** Circles under root, each { files, loops } with paths relative to root and `allowed` when it is on the list. */
export function findCircles(root, allowed = ALLOWED) {
  const graph = importGraph(sourceFiles(root));
  const rel = (p) => relative(root, p).split('\\').join('/');
  const key = (files) => [...files].sort().join('\n');
  const ok = new Set(allowed.map(key));
  return circles(graph).map((component) => {
    const files = component.map(rel);
    return { files, loops: loopsOf(graph, component).map((l) => l.map(rel)), allowed: ok.has(key(files)) };
  });
}

function main() {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src'));
  if (!existsSync(root)) {
    process.stderr.write(`check-cycles: ${root} does not exist\n`);
    process.exit(2);
  }
  const found = findCircles(root);
  const failing = found.filter((c) => !c.allowed);
  for (const c of found) {
    const head = c.allowed ? 'allowed import circle' : 'import circle';
    process.stdout.write(`${head} among ${c.files.join(', ')}:\n`);
    for (const loop of c.loops) process.stdout.write(`  ${loop.join(' -> ')}\n`);
  }
  if (failing.length) {
    process.stdout.write(`${failing.length} import circle(s) under ${root}; break each (move the shared part into a file both import)\n`);
    process.exit(1);
  }
  process.stdout.write(`no import circles under ${root}${found.length ? ` (besides ${found.length} allowed)` : ''}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
