export * from './schema.js';
export type { Labeler } from './types.js';
export { createRulesLabeler, type RulesLabelerOptions } from './rules/index.js';
