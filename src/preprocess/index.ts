export * from './schema.js';
export { preprocess } from './preprocess.js';
export { guessLanguage, type LanguageGuess } from './guess-language.js';
