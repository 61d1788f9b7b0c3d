/**
 * Just enough of POSIX shell word splitting to read the `sft-label ...` commands of the docs/examples scripts:
 * quotes, backslash escapes and line continuations; `$VAR` and `${...}` stay as written. A command ends at an
 * unquoted newline, `;`, `&&`, `||` or `|`. Not a shell: no globbing, no expansion.
 */
export function splitCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  const endWord = (): void => {
    if (word !== null) words.push(word);
    word = null;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && '"\\$`'.includes(script[i + 1] ?? '')) word = (word ?? '') + script[++i];
      else word = (word ?? '') + c;
      continue;
    }
    if (c === '\\' && script[i + 1] === '\n') i++;
    else if (c === '\\') word = (word ?? '') + (script[++i] ?? '');
    else if (c === '"' || c === "'") (quote = c), (word = word ?? '');
    else if (c === '#' && word === null) while (i + 1 < script.length && script[i + 1] !== '\n') i++;
    else if (c === ' ' || c === '\t') endWord();
    else if (c === '\n' || c === ';' || c === '|' || (c === '&' && script[i + 1] === '&')) {
      if (c === '&' || (c === '|' && script[i + 1] === '|')) i++;
      endCommand();
    } else word = (word ?? '') + c;
  }
  endCommand();
  return commands;
}

/**
 * Every `sft-label` (or `npx sft-label`) invocation in a script, as its argument list, in order. Words that hold a
 * script of their own (`sh -c '...'`, `sbatch --wrap="..."`) are searched too.
 */
export function sftLabelInvocations(script: string): string[][] {
  const out: string[][] = [];
  for (const words of splitCommands(script)) {
    const at = words.indexOf('sft-label');
    if (at >= 0) out.push(words.slice(at + 1));
    for (const w of words.slice(at + 1)) if (/\bsft-label\s/.test(w)) out.push(...sftLabelInvocations(w.slice(w.indexOf('sft-label'))));
  }
  return out;
}
