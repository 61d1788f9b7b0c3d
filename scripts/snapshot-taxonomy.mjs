// Part of `npm run build`: check the bundled taxonomy in full and write dist/taxonomy/<name>.snapshot.json, which
// every command then reads instead of parsing the YAML (see src/taxonomy/snapshot.ts).
import { snapshotTaxonomy } from '../dist/taxonomy/index.js';

snapshotTaxonomy();
