export * from './schema.js';
export * from './taxonomy.js';
export * from './labels.js';
export { loadTaxonomy, snapshotTaxonomy, checkTaxonomyText, DEFAULT_TAXONOMY_PATH, type LoadTaxonomyOptions } from './load.js';
export { snapshotPathFor } from './snapshot.js';
export { taxonomyToJson } from './json.js';
