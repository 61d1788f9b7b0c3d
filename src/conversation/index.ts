export * from './schema.js';
export { recordId, canonicalJson, sha256Hex, LABEL_FIELDS } from './id.js';
export { toConversation, type ToConversationOptions } from './convert.js';
export { readRecords, type ReadItem, type ReadOptions } from './read.js';
export { streamJsonArray, type JsonArrayOptions } from './json-stream.js';
