/**
 * Text-based agent protocols: how actions, environment output and tool declarations look when they are written
 * into message text instead of structured fields. Every regex is compiled once here.
 */

/**
 * Environment output delivered as a user turn: OpenHands/SWE-smith `OBSERVATION:`, CodeAct `Observation:`,
 * Code-Feedback `Execution result:`, ADP `EXECUTION RESULT of [tool]:`, mini-swe-agent `<returncode>`, and
 * SWE-agent/nebius turns that end with the `(Current directory: ...)` + `bash-$` prompt.
 */
const OBSERVATION_START_RE = /^\s*(?:observation:|execution result:|execution result of \[|<returncode>|\[command (?:finished|output)\b|exit code: -?\d+\n)/i;
const OBSERVATION_END_RE = /\(Current directory: [^\n)]*\)\s*bash-\$\s*$/;

export function isObservationText(text: string): boolean {
  return OBSERVATION_START_RE.test(text) || (text.endsWith('$') && OBSERVATION_END_RE.test(text.slice(-300)));
}

/**
 * Tool schemas declared in a system prompt: OpenHands/SWE-smith `---- BEGIN FUNCTION #1`, SWE-agent `COMMANDS:`
 * docs with `signature:`, Hermes `<tools>`, JSON function schemas, CodeAct's `Tool function available` list.
 */
const TOOL_DEFS_IN_SYSTEM_RE =
  /---- BEGIN FUNCTION #\d+|^COMMANDS:\s*\n[\s\S]{0,2000}?\bsignature:|<tools>|"parameters"\s*:\s*\{\s*"(?:type|properties)"|Tool functions? available|You have access to the following (?:functions|tools)/m;

export function systemDeclaresTools(system: string): boolean {
  return TOOL_DEFS_IN_SYSTEM_RE.test(system);
}

/** An action written in assistant text. */
export interface TextAction {
  protocol: 'execute-tag' | 'function-xml';
  /** Function name (`function-xml`) or the tag name (`execute`, `execute_ipython`, ...). */
  name: string;
  /** `<parameter=k>v</parameter>` pairs; for `<execute>` the body is under `code`. */
  params: Record<string, string>;
  start: number;
  end: number;
}

const EXECUTE_RE = /<(execute(?:_\w+)?)>([\s\S]*?)<\/\1>/g;
const FUNCTION_XML_RE = /<function=([\w.-]+)>([\s\S]*?)(?:<\/function>|$)/g;
const PARAMETER_RE = /<parameter=([\w.-]+)>\n?([\s\S]*?)\n?<\/parameter>/g;

/** `<execute>` and `<function=...>` actions of one assistant message, in order. */
export function findTextActions(text: string): TextAction[] {
  const actions: TextAction[] = [];
  if (text.includes('<execute')) {
    for (const m of text.matchAll(EXECUTE_RE)) {
      actions.push({ protocol: 'execute-tag', name: m[1] ?? 'execute', params: { code: m[2] ?? '' }, start: m.index, end: m.index + m[0].length });
    }
  }
  if (text.includes('<function=')) {
    for (const m of text.matchAll(FUNCTION_XML_RE)) {
      const params: Record<string, string> = {};
      for (const p of (m[2] ?? '').matchAll(PARAMETER_RE)) params[p[1] ?? ''] = p[2] ?? '';
      actions.push({ protocol: 'function-xml', name: m[1] ?? '', params, start: m.index, end: m.index + m[0].length });
    }
  }
  return actions.length > 1 ? actions.sort((a, b) => a.start - b.start) : actions;
}

/** Fence labels that mean "run this in the shell" (the block is an environment command, not authored code). */
export const SHELL_ACTION_LABELS: ReadonlySet<string> = new Set(['', 'bash', 'sh', 'shell', 'console', 'zsh', 'mswea_bash_command', 'bash_command', 'command', 'terminal']);
/** Labels that are always actions, whatever follows. */
export const ALWAYS_ACTION_LABELS: ReadonlySet<string> = new Set(['mswea_bash_command', 'bash_command']);

/** Code written to a file by a tool call, when the call is recognisably a file write or edit. */
export interface FileWrite {
  path?: string;
  content: string;
}

const CONTENT_KEYS = ['file_text', 'new_str', 'content', 'replacement_text', 'code_edit', 'new_content', 'contents', 'replace'] as const;
const PATH_KEYS = ['path', 'file_path', 'filename', 'target_file', 'file'] as const;
const READ_ONLY_COMMANDS = new Set(['view', 'undo_edit', 'read']);

/**
 * The file content a tool call writes: str_replace_editor create/str_replace/insert, write_file, SWE-agent
 * edit/create. `currentFile` is the file an earlier call opened (SWE-agent `edit` has no path).
 */
export function fileWriteOf(args: Record<string, unknown>, currentFile: string | undefined): FileWrite | undefined {
  if (typeof args.command === 'string' && READ_ONLY_COMMANDS.has(args.command)) return undefined;
  const key = CONTENT_KEYS.find((k) => typeof args[k] === 'string' && (args[k] as string).length > 0);
  if (!key) return undefined;
  const path = pathOf(args) ?? currentFile;
  return path ? { path, content: args[key] as string } : { content: args[key] as string };
}

export function pathOf(args: Record<string, unknown>): string | undefined {
  const key = PATH_KEYS.find((k) => typeof args[k] === 'string' && (args[k] as string).length > 0);
  return key ? (args[key] as string) : undefined;
}

/**
 * SWE-agent shell commands in a fenced action: `open <path>` / `create <path>` set the current file and
 * `edit N:M` ... `end_of_edit` writes code into it.
 */
const SWE_OPEN_RE = /^(?:open|create)\s+"?([^\s"]+)"?/m;
const SWE_EDIT_RE = /^edit \d+(?::\d+)?\s*\n([\s\S]*?)\nend_of_edit\b/m;

export function sweAgentCommand(body: string): { opened?: string; edit?: string } {
  const out: { opened?: string; edit?: string } = {};
  const open = SWE_OPEN_RE.exec(body);
  if (open?.[1]) out.opened = open[1];
  const edit = SWE_EDIT_RE.exec(body);
  if (edit?.[1] !== undefined) out.edit = edit[1];
  return out;
}

/** The extension (or special file name) of a path, for language lookup: `a/b.py` -> `py`, `Dockerfile` -> `dockerfile`. */
export function extensionOf(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base === 'dockerfile' || base === 'makefile' || base === 'cmakelists.txt') return base === 'cmakelists.txt' ? 'cmake' : base;
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1) : undefined;
}
