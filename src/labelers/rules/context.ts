import type { Signals } from '../../preprocess/index.js';

const CODE_LINE_RE = /^\s*(?:def |class |import |from \w+ import|function |const |let |var |public |private |#include|package |func |fn |SELECT |CREATE |return\b|if \(|for \(|\}|\w+\s*=\s*[^=].*;$)/gim;
const STACK_RE = /Traceback \(most recent call last\)|^\s+at [\w.$<>]+\(.*\)\s*$|^\s+File ".*", line \d+|panicked at|stack backtrace|^#\d+\s+0x[0-9a-f]+/im;
const ERROR_RE = /\b\w*(?:Error|Exception)\b:|\berror(?:\[\w+\])?:|\bfatal:|segmentation fault|command not found|undefined reference|cannot find (?:module|symbol)|\bFAILED\b|exit (?:code|status) [1-9]/i;
const OUTPUT_RE = /\b(?:output|console output|logs?|result|it prints|prints out|i get|i got)\s*:\s*\n|```(?:text|console|log|output)\n/i;
const SCHEMA_RE = /\bCREATE TABLE\b|"\$schema"|\binterface \w+ \{|\btype \w+ (?:=|\{)|\bopenapi:|\bschema:\s*\n|\bcolumns?:\s/i;
const CSV_RE = /(?:^[^,\n]+(?:,[^,\n]*){2,}\n){3,}/m;
const JSON_ROWS_RE = /\[\s*\{\s*"[\w ]+"\s*:/;
const IO_RE = /\bInput\s*:[\s\S]{0,400}?\bOutput\s*:|\bexamples?\s*\d*\s*:?[^\n]{0,120}?(?:->|=>|→|\boutput\b|\breturns?\b|should (?:be|return))|\bsample (?:input|test)/i;
const SPEC_RE = /<issue>|\bacceptance criteria\b|\buser stor(?:y|ies)\b|\b(?:github )?issue\b[^\n]{0,40}:|\bticket\b|\brequirements?\s*:/i;
const LIST_ITEM_RE = /^\s*(?:\d+[.)]|[-*•])\s+\S/gm;
const ENV_RE = /\b(?:python|node|java|ubuntu|debian|windows|macos|centos|npm|pip|gcc|go)\s?v?\d+(?:\.\d+)+\b|\bOS\s*:|\brunning on (?:ubuntu|windows|mac)|\bpip freeze\b|\binstalled packages\b|\bversion\s*:\s*\d/i;
const DOCS_RE = /\b(?:according to the (?:docs|documentation)|the (?:docs|documentation|readme|man page) says?|from the (?:docs|documentation)|here is the (?:documentation|doc|api reference))\b/i;
const FOLLOW_UP_RE = /\b(?:it|that|this|now|still|also|again|instead|same|above|previous|your|the code)\b/i;
const FILE_HEADER_RE = /(?:^|\n)[^\n`]{0,60}\b[\w./-]+\.[a-z]{1,5}\b[^\n`]{0,20}:?\s*\n```/g;

/** Whether `text` carries code: a fence, or at least two lines that look like code. */
export function hasCode(text: string): boolean {
  if (text.includes('```')) return true;
  const m = text.slice(0, 8000).match(CODE_LINE_RE);
  return (m?.length ?? 0) >= 2;
}

/** Supplied-material evidence in the human user turns and the system prompt. */
export function decideContext(text: string, humanUsers: readonly string[], signals: Signals, opts: { repository: boolean }): string[] {
  const t = text.slice(0, 20_000);
  const tags: string[] = [];
  if (hasCode(t)) tags.push((t.match(FILE_HEADER_RE)?.length ?? 0) >= 2 ? 'multi-file-code' : 'code-snippet');
  if (opts.repository) tags.push('repository-access');
  if (STACK_RE.test(t)) tags.push('stack-trace');
  else if (ERROR_RE.test(t)) tags.push('error-message');
  if (OUTPUT_RE.test(t)) tags.push('program-output');
  if (CSV_RE.test(t) || JSON_ROWS_RE.test(t)) tags.push('data-sample');
  if (SCHEMA_RE.test(t)) tags.push('schema-definition');
  if (DOCS_RE.test(t)) tags.push('api-documentation');
  if (signals.has_tool_definitions) tags.push('tool-definitions');
  if (IO_RE.test(t)) tags.push('io-examples');
  if (SPEC_RE.test(t) || (humanUsers[0]?.match(LIST_ITEM_RE)?.length ?? 0) >= 3) tags.push('requirements-spec');
  if (ENV_RE.test(t)) tags.push('environment-details');
  if (signals.user_turns >= 2 && humanUsers.slice(1).some((u) => FOLLOW_UP_RE.test(u.slice(0, 2000)))) tags.push('multi-turn-dependency');
  return tags;
}

