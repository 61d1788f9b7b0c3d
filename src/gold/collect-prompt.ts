import type { ChatMessage } from '../llm/types.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { UsageError } from '../errors/index.js';

/** A tag a new candidate conversation should exemplify. */
export interface TargetTag {
  dimension: string;
  tag: string;
}

/** Bump when the wording below changes: candidates record it, so their provenance stays exact. */
export const COLLECT_PROMPT_VERSION = 'collect-v1';

const SYSTEM = [
  'You write realistic conversations between a software developer and an AI coding assistant, for a labeled',
  'evaluation set of code-assistant training data. Each conversation must read like a real exchange: a natural,',
  'sometimes terse or imperfect user message with concrete details (versions, file names, error output, data),',
  'and a correct, complete assistant answer with working code where code is asked for. Never mention labels,',
  'taxonomies or that the conversation is synthetic.',
].join(' ');

/** Parse `dim:tag,dim:tag` against the taxonomy; every unknown dimension or tag is reported at once. */
export function parseTargetTags(spec: string, tax: Taxonomy): TargetTag[] {
  const targets: TargetTag[] = [];
  const problems: string[] = [];
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [dimension, tag, extra] = part.split(':');
    if (!dimension || !tag || extra !== undefined) problems.push(`"${part}": expected dimension:tag`);
    else if (!tax.byId.has(dimension)) problems.push(`"${part}": unknown dimension "${dimension}" (known: ${[...tax.byId.keys()].join(', ')})`);
    else if (!tax.tagsByDim.get(dimension)?.has(tag)) problems.push(`"${part}": "${tag}" is not a tag of ${dimension}`);
    else targets.push({ dimension, tag });
  }
  if (problems.length) throw new UsageError(`--target-tags: ${problems.join('; ')}`);
  if (!targets.length) throw new UsageError('--target-tags: no dimension:tag given');
  return targets;
}

/** The messages asking for one conversation that exemplifies `target`. The static part comes first (prompt caching). */
export function collectMessages(target: TargetTag, tax: Taxonomy): ChatMessage[] {
  const dim = tax.byId.get(target.dimension);
  const tag = tax.tagsByDim.get(target.dimension)?.get(target.tag);
  if (!dim || !tag) throw new UsageError(`unknown target ${target.dimension}:${target.tag}`);
  const user = [
    `Write one new conversation in which this property clearly and centrally holds:`,
    `- ${dim.name}: ${tag.label} — ${tag.description}`,
    '',
    'Choose any programming language, domain and difficulty that fit naturally. If the property involves tools or an',
    'agent acting in an environment, include the tool calls and their results.',
    '',
    'Answer with only a JSON object of this shape:',
    '{"conversations": [{"from": "human" | "gpt" | "function_call" | "observation" | "system", "value": "<text>"}, ...],',
    ' "tools": [<JSON function schemas, only when function_call turns are used>]}',
    'Use "human" for the user and "gpt" for the assistant; a function_call value is a JSON string',
    '{"name": ..., "arguments": {...}} and the next turn is its "observation". Start with a human turn.',
  ].join('\n');
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: user },
  ];
}
