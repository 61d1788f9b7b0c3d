/**
 * Word tokens for keyword lookup. Keeps `c++`, `c#`, `node.js`, `vb.net`, `python3` whole; phrases are matched
 * by joining consecutive tokens with '-' (the `normaliseTagSpelling` form), so one pass serves every dimension.
 */
const TOKEN_RE = /[A-Za-z0-9][A-Za-z0-9+#]*(?:\.[A-Za-z0-9]+)*[+#]*/g;

/** Tokens in original case (callers lower-case where case does not matter). */
export function tokenize(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/** The lookup key of a keyword or phrase: lower case, words joined by '-'. */
export function phraseKey(phrase: string): string {
  return tokenize(phrase.toLowerCase()).join('-');
}

/** Surface variants of a keyword key so plurals and singulars both hit: closure(s), class(es), dictionary/ies. */
export function keyVariants(key: string): string[] {
  const out = new Set([key]);
  if (/[^s]s$/.test(key) && key.length > 4) out.add(key.slice(0, -1));
  if (/(ss|x|ch|sh)es$/.test(key)) out.add(key.slice(0, -2));
  if (/ies$/.test(key)) out.add(`${key.slice(0, -3)}y`);
  if (/[^aeiou]y$/.test(key)) out.add(`${key.slice(0, -1)}ies`);
  else if (/(ss|x|ch|sh)$/.test(key)) out.add(`${key}es`);
  else if (/[a-z]$/.test(key) && !/s$/.test(key)) out.add(`${key}s`);
  return [...out];
}
