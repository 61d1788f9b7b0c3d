/** Explicit-requirement phrases per Constraint tag; searched in the system prompt and human user turns only. */
const CONSTRAINTS: ReadonlyArray<[string, RegExp]> = [
  ['performance-target', /\b(?:must be fast|as fast as possible|under \d+\s?(?:ms|milliseconds|seconds)|time limit|low latency|high throughput|handle \d+[kKmM]?\s+(?:rows|records|requests|users))\b/i],
  ['time-space-complexity', /\bO\((?:n|1|log|m|k|v|e|n\^?2|n\s*log\s*n)[^)]{0,12}\)|\b(?:linear|constant|logarithmic) (?:time|space)\b/i],
  ['resource-limits', /\b(?:memory limit|\d+\s?(?:KB|MB|GB) of (?:RAM|memory)|binary size|under \d+\s?(?:KB|MB))\b/i],
  ['required-library', /\b(?:use|using|with|via)\s+(?:the\s+)?(?:pandas|numpy|react|vue|angular|sqlalchemy|boto3|requests|express|flask|django|fastapi|spring|tailwind|bootstrap|jquery|lodash|pytorch|tensorflow|scikit-learn|opencv|selenium|beautifulsoup|[A-Z][\w.]+ (?:library|framework|package|api))\b/i],
  ['restricted-features', /\b(?:without using|no external (?:libraries|packages|dependencies)|standard library only|only the standard library|(?:don'?t|do not) use|without (?:any )?(?:built-?in|libraries|imports)|no built-?in)\b/i],
  ['required-approach', /\b(?:(?:use|using|with) (?:recursion|dynamic programming|bfs|dfs|a stack|memoization|binary search|the \w+ pattern|a generator)|recursively|functional style)\b/i],
  ['language-version', /\b(?:python\s?[23](?:\.\d+)?|c\+\+\s?(?:11|14|17|20|23)|java\s?(?:8|11|17|21)|es(?:5|6|2015|20\d\d)|node(?:\.js)?\s?\d+|react\s?1[6-9])\b/i],
  ['platform-environment', /\b(?:(?:must|should) (?:run|work) on|on windows|on linux|on macos|in the browser|aws lambda|on (?:an )?arduino|on android|on ios|inside docker)\b/i],
  ['backward-compatibility', /\b(?:backwards? compatib\w*|(?:don'?t|do not|without) break\w*|keep the same (?:interface|api|signature|behaviou?r)|existing callers)\b/i],
  ['scope-limits', /\b(?:one-liner|in one line|single line|minimal (?:change|diff)s?|(?:don'?t|do not) (?:modify|change|touch) (?:the )?tests?|only (?:edit|change|modify)|at most \d+ lines|no new files)\b/i],
  ['interface-signature', /`\w+\([^`\n]{0,120}\)(?:\s*->[^`\n]+)?`|\b(?:function signature|following signature|class Solution|starter code|implement the following (?:function|method|interface))\b/i],
  ['output-format', /\b(?:output format|return (?:only )?json|respond (?:only )?(?:with|in) json|markdown table|code only|no explanation|without explanation|in the format|print exactly)\b/i],
  ['style-readability', /\b(?:pep\s?8|style guide|type hints|naming conventions?|readable|beginner-friendly|follow the existing conventions|clean code)\b/i],
  ['documentation-rules', /\b(?:(?:add|with|include) (?:comments|docstrings)|no comments|comment (?:each|every)|document (?:each|every))\b/i],
  ['security-requirements', /\b(?:prevent (?:sql )?injection|sanitiz\w+|owasp|no eval|encrypt\w* (?:the )?(?:data|passwords?)|keep secrets)\b/i],
  ['robustness-edge-cases', /\b(?:edge cases?|handle (?:empty|invalid|errors?|missing|bad|null)|raise (?:a )?\w+Error|input validation|gracefully)\b/i],
  ['testing-required', /\b(?:include (?:unit )?tests|with (?:unit )?tests|make (?:all )?(?:the )?tests pass|must pass (?:the|all)|test-first)\b/i],
  ['concurrency-safety', /\b(?:thread[- ]safe|non-blocking|lock-free|reentrant|must run in parallel)\b/i],
  ['ux-accessibility', /\b(?:accessib\w+|wcag|aria|mobile-friendly|responsive|i18n|locali[sz]\w+|internationali[sz]\w+)\b/i],
];

/** Constraint tags stated in `text`, taxonomy order; empty means none. */
export function decideConstraints(text: string): string[] {
  const t = text.slice(0, 12_000);
  return CONSTRAINTS.filter(([, re]) => re.test(t)).map(([id]) => id);
}
