/**
 * Intent: the taxonomy's decision list applied to the opening request, first match wins:
 * failure reported -> debug; move to another language/framework/format -> convert; refactor/optimize -> improve;
 * install/deploy/configure -> configure; write/create/implement -> build; review -> review;
 * "what does this do" about supplied code -> understand; otherwise learn.
 */
const DECISIONS: ReadonlyArray<[string, RegExp]> = [
  ['debug', /\b(?:errors?(?!\s*handling)|exceptions?(?!\s*handling)|traceback|stack ?trace|doesn'?t work|does not work|not working|isn'?t working|won'?t (?:compile|run|start|build|work)|fail(?:s|ed|ing)?|crash(?:es|ed|ing)?|bug|broken|wrong (?:output|result|answer)|segmentation fault|segfault|undefined reference|cannot find module|keeps? (?:returning|giving)|instead of the expected|(?:can you |please |help me )?fix (?:it|this|that|my|the)|hangs?|freezes|segfaults?|stack overflows?|is red|(?:it|this) (?:breaks|broke)|(?:does|did) (?:it|this|that) break|breaks? when|funktioniert nicht|fehler|no funciona)\b|报错|错误|异常|崩溃|失败|不生效|不工作/i],
  ['convert', /\b(?:convert|port|translate|rewrite|re-write|transpile)\b[^.?!\n]{0,80}\b(?:to|into|in)\b|\bmigrat(?:e|ing|ion)\b|\bupgrade\b[^.?!\n]{0,40}\bto\b/i],
  ['improve', /\b(?:refactor\w*|optimi[sz]e\w*|speed (?:it |this )?up|make (?:it|this|the code|my code) (?:faster|cleaner|more \w+|better|shorter)|clean (?:it |this )?up|simplify|improve (?:this|my|the) code|more pythonic|add (?:type hints|types|comments|docstrings) to|(?:be |more )?cleaner|too slow|super slow|very slow)\b|优化|简化|重构/i],
  ['configure', /\b(?:install\w*|set ?up|deploy\w*|dockerfile|docker-compose|docker compose|kubernetes|k8s|configure|github actions|ci\/cd|nginx|virtualenv|venv|conda env|provision)\b|部署|安装|打包/i],
  ['build', /\b(?:write|create|implement|build|make|generate|develop|design|add|produce|draft|code (?:a|an|up)|i need (?:a|an)|need (?:a|an) (?:\w+ )?(?:function|script|query|class|program|tool)|(?:function|script|query) (?:to|that)|brauche|necesito)\b|写|实现|帮我|需要/i],
  ['review', /\b(?:review|critique|feedback on|audit|assess|is (?:this|my) (?:code|implementation|approach) (?:good|correct|ok|fine|secure)|is (?:this|it) (?:safe|secure))\b/i],
  ['understand', /\b(?:explain|what does (?:this|the following|it|that)|what is (?:this|happening)|how does (?:this|the following|it) work|walk me through|why does (?:this|it)|what will (?:this|it) (?:print|output|return))\b/i],
];

export interface IntentDecision {
  intent: string;
  /** Which step of the decision list matched (0-based; 7 = fell through to learn). */
  step: number;
}

/** Apply the decision list to the opening request. `codeSupplied` gates understand (an artifact must be given). */
export function decideIntent(firstUser: string, opts: { codeSupplied: boolean; failureSupplied: boolean }): IntentDecision {
  const text = firstUser.slice(0, 6000);
  for (let step = 0; step < DECISIONS.length; step++) {
    const [intent, re] = DECISIONS[step] as [string, RegExp];
    if (intent === 'understand' && !opts.codeSupplied) continue;
    if (re.test(text)) return { intent, step };
  }
  if (opts.failureSupplied) return { intent: 'debug', step: 0 };
  return { intent: 'learn', step: DECISIONS.length };
}

const TESTS_TOO = /\b(?:and|with|plus|also)\s+(?:write|add|include)?\s*(?:some\s+)?(?:unit\s+)?tests?\b/i;
const WRITE_TESTS = /\b(?:write|add|create|generate)\s+(?:some\s+)?(?:unit\s+|integration\s+)?tests?\b/i;

/** Task from the intent plus keywords of the opening request; always lists the intent in typical_intents. */
export function decideTask(intent: string, text: string, opts: { codeSupplied: boolean; languages: number }): string[] {
  const t = text.slice(0, 6000);
  switch (intent) {
    case 'debug':
      return ['bug-fixing'];
    case 'convert':
      if (/\b(?:json|yaml|csv|xml|markdown table)\b[^.?!\n]{0,40}\b(?:to|into)\b/i.test(t) && !/\b(?:code|script|function|program)\b/i.test(t))
        return ['data-format-conversion'];
      return opts.languages >= 2 ? ['code-translation'] : ['migration'];
    case 'improve':
      if (/\b(?:optimi|faster|speed|performance|efficient|memory usage)/i.test(t)) return ['performance-optimization'];
      if (/\b(?:docstrings?|comments|document)\b/i.test(t)) return ['documentation'];
      return ['refactoring'];
    case 'configure':
      if (/\b(?:git|merge|rebase|branch|commit)\b/i.test(t)) return ['version-control'];
      if (/\b(?:deploy|docker|kubernetes|k8s|ci|pipeline|aws|azure|gcp|cloud|nginx|server|terraform|github actions)\b/i.test(t)) return ['deployment-infra'];
      return ['environment-setup'];
    case 'build': {
      if (WRITE_TESTS.test(t) && !TESTS_TOO.test(t)) return ['test-writing'];
      let primary = 'code-generation';
      if (/\b(?:database schema|er diagram|data model|schema for)\b/i.test(t)) primary = 'schema-design';
      else if (/\b(?:architecture|system design|design a system)\b/i.test(t)) primary = 'system-design';
      else if (/\b(?:readme|documentation|docstrings)\b/i.test(t)) primary = 'documentation';
      else if (opts.codeSupplied && /\b(?:complete|fill in|todo|finish)\b/i.test(t)) primary = 'code-completion';
      else if (opts.codeSupplied) primary = 'feature-implementation';
      return TESTS_TOO.test(t) && primary !== 'documentation' ? [primary, 'test-writing'] : [primary];
    }
    case 'review':
      return /\b(?:security|vulnerab|secure)/i.test(t) ? ['security-analysis'] : ['code-review'];
    case 'understand':
      return /\b(?:output|print|complexity|big-?o|return)\b/i.test(t) ? ['code-analysis'] : ['code-explanation'];
    default:
      return ['concept-explanation'];
  }
}
