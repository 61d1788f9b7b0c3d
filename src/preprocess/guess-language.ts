/**
 * A small keyword guesser for code without a fence label. Each language has line-anchored patterns with a
 * weight (3 = nearly unique to the language, 1 = shared with others); a language scores the sum of the weights
 * of its distinct patterns that match. Precision matters more than recall: prose must score nothing, so every
 * pattern needs code punctuation or a keyword at line start.
 */
interface Pattern {
  lang: string;
  re: RegExp;
  weight: number;
}

const P = (lang: string, weight: number, re: RegExp): Pattern => ({ lang, re, weight });

const PATTERNS: readonly Pattern[] = [
  P('python', 3, /^[ \t]*def \w+\s*\([^)\n]*\)\s*(->\s*[^:\n]+)?:[ \t]*$/m),
  P('python', 2, /^[ \t]*(from [\w.]+ import [\w*, ()]+|import [\w.]+( as \w+)?(, [\w.]+)*)[ \t]*$/m),
  P('python', 3, /^[ \t]*class \w+(\([^)\n]*\))?:[ \t]*$/m),
  P('python', 3, /^[ \t]*if __name__ == ['"]__main__['"]:/m),
  P('python', 2, /^[ \t]*(elif .+|else|try|finally|except( [\w.]+( as \w+)?)?):[ \t]*$/m),
  P('python', 2, /^[ \t]*for \w+(, ?\w+)* in [^\n]+:[ \t]*$/m),
  P('python', 1, /^[ \t]*print\(/m),
  P('python', 1, /\bself\.\w+/),
  P('cpp', 3, /^[ \t]*#include\s*<(iostream|vector|string|map|unordered_map|algorithm|memory|bits\/stdc\+\+\.h|fstream|sstream|set|queue|thread|cmath)>/m),
  P('cpp', 2, /\bstd::\w+/),
  P('cpp', 3, /^[ \t]*using namespace std;/m),
  P('cpp', 2, /\b(cout|cerr)\s*<<|\bcin\s*>>/),
  P('cpp', 1, /^[ \t]*int main\s*\(/m),
  P('c', 3, /^[ \t]*#include\s*<(stdio|stdlib|string|math|stdbool|stdint|unistd|pthread|ctype)\.h>/m),
  P('c', 1, /\b(printf|scanf|malloc|free)\s*\(/),
  P('c', 1, /^[ \t]*int main\s*\(/m),
  P('javascript', 2, /\brequire\(['"][^'"\n]+['"]\)/),
  P('javascript', 2, /\bconsole\.log\(/),
  P('javascript', 1, /^[ \t]*(const|let|var) \w+\s*=/m),
  P('javascript', 2, /^[ \t]*(async\s+)?function\s*\*?\s*\w*\s*\([^)\n]*\)\s*\{/m),
  P('javascript', 1, /\)\s*=>\s*[{(\w]/),
  P('javascript', 2, /\bdocument\.(getElementById|querySelector\w*|createElement)\(/),
  P('javascript', 2, /^[ \t]*(module\.exports\s*=|export (default|const|function|class)\b)/m),
  P('typescript', 3, /^[ \t]*(export\s+)?(interface \w+(<[^>\n]*>)?\s*\{|type \w+(<[^>\n]*>)?\s*=)/m),
  P('typescript', 3, /\b(const|let|var)\s+\w+\s*:\s*(string|number|boolean|any)\b/),
  P('typescript', 3, /\(\s*\w+\??\s*:\s*(string|number|boolean)(\[\])?\s*[,)]/),
  P('java', 3, /^[ \t]*public\s+(final\s+|abstract\s+)*class\s+\w+/m),
  P('java', 3, /\bSystem\.out\.print(ln|f)?\(/),
  P('java', 2, /^[ \t]*(public|private|protected)\s+(static\s+)?[\w<>[\], ]+\s+\w+\s*\([^)\n]*\)\s*(throws [\w, ]+)?\s*\{/m),
  P('java', 3, /^[ \t]*import java(x)?\.[\w.*]+;/m),
  P('java', 2, /\bString\[\] args\b/),
  P('java', 2, /\b(int|String|double|long)\[\]\s+\w+/),
  P('csharp', 3, /^[ \t]*using System(\.\w+)*;/m),
  P('csharp', 3, /\bConsole\.(WriteLine|ReadLine|Write)\(/),
  P('csharp', 3, /\bstatic (void|async Task|int) Main\(/),
  P('go', 2, /^[ \t]*package \w+[ \t]*$/m),
  P('go', 2, /^[ \t]*func (\([^)\n]*\) )?\w+\([^)\n]*\)\s*(\(?[\w*[\], ]*\)?)?\s*\{/m),
  P('go', 3, /\bfmt\.(Print|Sprint|Fprint|Errorf)\w*\(/),
  P('go', 1, /\w\s*:=\s/),
  P('go', 2, /^[ \t]*import \([ \t]*$/m),
  P('rust', 2, /^[ \t]*(pub\s+)?fn \w+(<[^>\n]*>)?\([^)\n]*\)/m),
  P('rust', 3, /\blet mut \w+/),
  P('rust', 3, /\b(println|format|panic|vec)!\s*[([]/),
  P('rust', 3, /^[ \t]*use (std|crate)::/m),
  P('rust', 2, /^[ \t]*impl(<[^>\n]*>)? \w+/m),
  P('php', 3, /<\?php/),
  P('php', 3, /^[ \t]*((public|private|protected|static)\s+)*function \w+\(\s*\$/m),
  P('php', 1, /\$\w+\s*=\s*[^=\n]/),
  P('php', 2, /\bfor(each)?\s*\(\s*\$\w+|\b(in_array|strlen|count|isset|explode|implode|array_\w+)\(\s*\$/),
  P('ruby', 2, /^[ \t]*def \w+[?!]?(\([^)\n]*\))?[ \t]*$/m),
  P('ruby', 1, /^[ \t]*end[ \t]*$/m),
  P('ruby', 2, /^[ \t]*puts\s/m),
  P('ruby', 3, /\.each(_with_index)? do \|\w+/),
  P('ruby', 3, /^[ \t]*attr_(accessor|reader|writer)\s/m),
  P('swift', 3, /^[ \t]*import (Foundation|UIKit|SwiftUI|Cocoa)[ \t]*$/m),
  P('swift', 2, /^[ \t]*func \w+\([^)\n]*\)\s*->\s*[\w[\]?]+\s*\{/m),
  P('swift', 3, /\bguard let\b|\bif let \w+ =/),
  P('swift', 2, /^[ \t]*func \w+\([^)\n]*\b\w+:\s*\[?[A-Z]\w*/m),
  P('swift', 2, /^[ \t]*(var|let) \w+\s*:\s*\[?[A-Z]\w*\]?[?!]?\s*=/m),
  // Kotlin functions often carry modifiers (`suspend fun`, `override fun`); `suspend` alone is Kotlin-only.
  P('kotlin', 3, /^[ \t]*(?:(?:suspend|override|private|public|internal|protected|inline|open|operator|infix)\s+)*fun (?:<[^>\n]*>\s*)?\w+\(/m),
  P('kotlin', 3, /\bsuspend fun\b|\bdata class \w+\(\s*(?:val|var)\b/),
  P('kotlin', 2, /^[ \t]*val \w+(\s*:\s*\w+)?\s*=/m),
  P('scala', 3, /^[ \t]*object \w+( extends \w+)?\s*\{/m),
  P('scala', 3, /^[ \t]*def \w+(\[[^\]\n]*\])?\([^)\n]*\)\s*:\s*[\w[\]]+\s*=/m),
  P('scala', 3, /^[ \t]*case class\b/m),
  P('sql', 2, /\bSELECT\b[^;]{1,400}?\bFROM\b/),
  P('sql', 3, /\b(CREATE TABLE|INSERT INTO|ALTER TABLE|DELETE FROM)\b|\bUPDATE \w+ SET\b/i),
  P('sql', 1, /\b(WHERE|GROUP BY|ORDER BY|INNER JOIN|LEFT JOIN)\b/),
  P('shell', 3, /^#!\/(usr\/)?bin\/(env\s+)?(ba|z)?sh\b/m),
  P('shell', 2, /^[ \t]*(sudo |apt(-get)? install |brew install |pip3? install |npm (install|i|run) |yarn add |chmod |mkdir -p |export \w+=)/m),
  P('shell', 2, /^[ \t]*(do|done|fi|then|esac)[ \t]*$/m),
  P('shell', 1, /^[ \t]*echo\s/m),
  P('shell', 2, /^[ \t]*(for \w+ in [^\n]*; do|while [^\n]*; do|if \[\[? [^\n]*\]\]?; then)\b/m),
  P('haskell', 3, /^[ \t]*\w+\s*::\s*[\w[\](), ]+(->\s*[\w[\](), ]+)+[ \t]*$/m),
  P('haskell', 3, /^[ \t]*main\s*=\s*do\b/m),
  P('haskell', 3, /^[ \t]*(import qualified\b|module [\w.]+ where)/m),
  P('html', 3, /<!DOCTYPE html>|<html[\s>]/i),
  P('html', 1, /<(div|span|body|head|script|ul|li|form|input|button|table)[\s>]/),
  P('css', 2, /^[ \t]*(body|html|\.[\w-]+|#[\w-]+)\s*[,{][ \t]*$/m),
  P('css', 2, /^[ \t]*(color|margin|padding|font-size|display|background(-color)?|border|width|height)\s*:\s*[^;\n]+;/m),
  P('r', 3, /<-\s*function\s*\(/),
  P('r', 3, /^[ \t]*library\(\w+\)[ \t]*$/m),
  P('r', 3, /<-\s*c\(/),
  P('matlab', 3, /^[ \t]*function\s+(\[[^\]\n]*\]|\w+)\s*=\s*\w+\(/m),
  P('matlab', 1, /\b(disp|fprintf|zeros|linspace)\(/),
  P('matlab', 2, /;[ \t]*%[^\n]*$/m),
  P('dockerfile', 2, /^FROM\s+[\w./-]+(:[\w.-]+)?(\s+AS\s+\w+)?[ \t]*$/m),
  P('dockerfile', 2, /^(RUN|COPY|WORKDIR|ENTRYPOINT|EXPOSE)\s/m),
  P('lua', 2, /^[ \t]*local \w+\s*=/m),
  P('perl', 3, /^[ \t]*use strict;|^[ \t]*my [$@%]\w+/m),
];

export interface LanguageGuess {
  lang: string;
  /** high: score >= 3 and at least twice the runner-up; low: score >= 2 and ahead of the runner-up. */
  confidence: 'high' | 'low';
  score: number;
}

/** Guess the language of a code text (first `maxChars` only, for speed). Undefined when nothing is convincing. */
export function guessLanguage(code: string, maxChars = 4000): LanguageGuess | undefined {
  const text = code.length > maxChars ? code.slice(0, maxChars) : code;
  if (text.length < 8) return undefined;
  const scores = new Map<string, number>();
  for (const p of PATTERNS) if (p.re.test(text)) scores.set(p.lang, (scores.get(p.lang) ?? 0) + p.weight);
  let best: string | undefined;
  let top = 0;
  let second = 0;
  for (const [lang, score] of scores) {
    if (score > top) {
      second = top;
      top = score;
      best = lang;
    } else if (score > second) second = score;
  }
  if (!best) return undefined;
  if (top >= 3 && top >= 2 * second) return { lang: best, confidence: 'high', score: top };
  if (top >= 2 && top > second) return { lang: best, confidence: 'low', score: top };
  return undefined;
}

/**
 * Cheap pre-check before guessing unfenced text: at least two lines, and a fifth of the non-empty lines, look
 * like code (end in `;` `{` `}` `)` `]`, start with a comment/tag/shebang/closing brace, or are indented
 * statements). Keeps the 90 regexes off long prose, which is most of chat text. Short texts (< 300 chars)
 * always pass: they are cheap to guess and may be a one-line shebang script.
 */
export function looksLikeCode(text: string, maxChars = 4000): boolean {
  if (text.length < 300) return true;
  const end = Math.min(text.length, maxChars);
  let lines = 0;
  let codeLines = 0;
  let start = 0;
  while (start < end) {
    let stop = text.indexOf('\n', start);
    if (stop < 0 || stop > end) stop = end;
    let a = start;
    let b = stop - 1;
    while (a <= b && isSpace(text.charCodeAt(a))) a++;
    while (b >= a && isSpace(text.charCodeAt(b))) b--;
    if (a <= b) {
      lines++;
      const first = text[a];
      const last = text[b];
      const indented = a - start >= 2 && /[\w$@.(]/.test(first ?? '');
      if (last === ';' || last === '{' || last === '}' || last === ')' || last === ']' || first === '#' || first === '}' || first === '<' || text.startsWith('//', a) || (indented && last !== '.')) {
        codeLines++;
      }
    }
    start = stop + 1;
  }
  return codeLines >= 2 && codeLines * 5 >= lines;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}
