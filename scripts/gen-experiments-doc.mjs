#!/usr/bin/env node
// Writes docs/EXPERIMENTS.md from the experiment zod schema (src/runner/experiment.ts) through the built
// generator (dist/runner/experiment-doc.js). One command: `npm run docs:experiments` (builds first).
// `--check`: exit 1 when the committed file differs (src/runner/experiment-doc.test.ts checks the same).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = `${root}docs/EXPERIMENTS.md`;
const { renderExperimentsDoc } = await import(new URL('../dist/runner/experiment-doc.js', import.meta.url).href);
const text = renderExperimentsDoc();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (current !== text) {
    process.stderr.write('docs/EXPERIMENTS.md is stale: run `npm run docs:experiments`\n');
    process.exit(1);
  }
  process.stdout.write('docs/EXPERIMENTS.md is up to date\n');
} else {
  writeFileSync(target, text);
  process.stdout.write('wrote docs/EXPERIMENTS.md\n');
}
