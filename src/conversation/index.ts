export * from './schema.js';
export { recordId, canonicalJson, sha256Hex, LABEL_FIELDS } from './id.js';
