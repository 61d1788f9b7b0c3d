#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run automatically by `npm ci` / `npm install`).
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('sft-label: dist/ is missing; run `npm run build` (or `npm ci`) first.\n');
    process.exit(1);
  }
  throw err;
});
