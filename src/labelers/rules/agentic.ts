import type { Action } from './text.js';

/** Tool-purpose patterns over `name + arguments`, checked per action; an action may serve several purposes. */
const PURPOSES: ReadonlyArray<[string, RegExp]> = [
  ['file-reading', /"command":\s*"view"|\b(?:read_?file|view_?file|open_?file|cat\s+\S|head\s|tail\s|sed\s+-n|less\s)|^(?:read|view|open)$/i],
  ['file-creation', /"command":\s*"create"|\b(?:create_?file|write_?file|cat\s*>\s*\S|cat\s*<<|touch\s|tee\s)|^(?:write|create)$/i],
  ['file-editing', /"command":\s*"(?:insert|str_replace)"|\b(?:str_replace(?!_editor)|edit_?file|apply_?diff|apply_?patch|sed\s+-i|patch\b)|^(?:edit|replace|insert)$/i],
  ['codebase-search', /\b(?:grep|rg|ripgrep|find\s|search_dir|search_file|find_file|list_?dir|glob|tree\b|ls\b)/i],
  ['test-execution', /\b(?:pytest|unittest|npm (?:run )?test|yarn test|go test|cargo test|mvn test|gradle test|jest|mocha|tox|mypy|eslint|ruff|flake8|pylint|tsc\b|make test|ctest)/i],
  ['dependency-management', /\b(?:pip3? install|npm install|npm i\s|yarn add|pnpm add|cargo add|apt(?:-get)? install|conda (?:install|create)|poetry add|python3? -m venv|brew install|go get)/i],
  ['version-control-ops', /\b(?:git\s+(?:status|diff|log|add|commit|branch|checkout|stash|show|reset|rebase|merge|push|pull|clone)|gh\s)/i],
  ['web-search', /\b(?:web_?search|search_?web|google|bing|duckduckgo|search_internet|tavily)/i],
  ['web-browsing', /\b(?:browse|browser|fetch_?url|read_?url|open_?url|navigate|click|screenshot|goto|web_?fetch|curl\s+https?:|wget\s)/i],
  ['subagent-delegation', /^(?:task|agent|dispatch_agent|spawn_agent|delegate\w*|subagent\w*)$/i],
  ['multi-step-planning', /\b(?:todo_?write|todo|update_plan|plan)\b/i],
];
const SHELL_NAME = /^(?:bash|sh|shell|terminal|execute\w*|run\w*|cmd|command|python|ipython|jupyter\w*|code_interpreter|exec\w*|computer)$/i;
const REPRO = /\brepro(?:duce)?\w*\b/i;
const EDITS = new Set(['file-editing', 'file-creation']);
const RUNS = new Set(['shell-execution', 'test-execution']);

/** Purposes of one action. A call matching no generic purpose is an application function call. */
export function actionPurposes(a: Action): string[] {
  const probe = `${a.name} ${a.args}`;
  const out = PURPOSES.filter(([, re]) => re.test(probe) || re.test(a.name)).map(([id]) => id);
  // A shell-like tool always executes something; an unnamed tool with a command argument does too, unless it is
  // a file tool whose `command` is view/create/str_replace.
  const fileTool = out.some((p) => p.startsWith('file-'));
  if (SHELL_NAME.test(a.name) || (!fileTool && /"(?:command|cmd|code)":/.test(a.args))) out.push('shell-execution');
  if (out.length === 0) out.push('custom-function-calls');
  return out;
}

/**
 * Agentic tags from the actions: purposes of every call, plus trajectory patterns (bug reproduction, two or more
 * edit-then-run cycles = iterative refinement, a failed call followed by more calls = error recovery, a question
 * to the user between calls). Empty when there are no actions (the caller decides none vs fallback).
 */
export function decideAgentic(actions: readonly Action[], opts: { askedUser: boolean; plannedInText: boolean }): string[] {
  const tags = new Set<string>();
  let cycles = 0;
  let editedSinceRun = false;
  actions.forEach((a, i) => {
    const purposes = actionPurposes(a);
    for (const p of purposes) tags.add(p);
    if (REPRO.test(`${a.name} ${a.args.slice(0, 500)}`)) tags.add('bug-reproduction');
    if (purposes.some((p) => EDITS.has(p))) editedSinceRun = true;
    if (editedSinceRun && purposes.some((p) => RUNS.has(p))) {
      cycles++;
      editedSinceRun = false;
    }
    if (a.failed && i < actions.length - 1) tags.add('error-recovery');
  });
  if (cycles >= 2) tags.add('iterative-refinement');
  if (opts.askedUser) tags.add('clarification-request');
  if (opts.plannedInText && actions.length > 0) tags.add('multi-step-planning');
  return [...tags];
}
