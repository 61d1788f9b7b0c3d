export { createRulesLabeler, type RulesLabelerOptions } from './labeler.js';
