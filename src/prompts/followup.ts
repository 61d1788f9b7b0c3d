import Handlebars from 'handlebars';
import type { Conversation } from '../conversation/index.js';
import { ConfigError } from '../errors/index.js';
import type { ChatMessage } from '../llm/index.js';
import type { Dimension, Taxonomy } from '../taxonomy/index.js';
import { answerZodSchema, callDimensions, responseFormatFor, sharedAnswerJsonSchema, type CallAnswer } from './answer.js';
import { fitConversation, type FittedConversation } from './conversation.js';
import { fenceSample, renderFencedTurn, renderToolDefinitions } from './fence.js';
import { parseGuide, type Guide } from './guide.js';
import { CALLS, type CallName, type PromptVersion } from './load.js';
import type { PromptRenderer, RendererOptions } from './renderer-types.js';
import { signalsView } from './signals-view.js';

/**
 * The follow-up layout (prompt v3, issue 15). One system message serves both calls and every sample: the taxonomy
 * (every tag, typical intents), the annotation guide's decision rules and clarifications, the consistency rules in
 * words, the answer format and worked examples. Call 1 = system + user turn (the fenced sample, a reminder that it
 * was data, the call-1 request). Call 2 = call 1's two messages + call 1's answer as the assistant turn + a user
 * turn with the preprocessing signals and the call-2 request. So call 2's prefix is all of call 1 and a provider's
 * prompt cache serves the conversation a second time at the cached price; the one shared response schema keeps
 * that true where the schema is sent ahead of the messages (json_schema mode).
 */
export function createFollowUpRenderer(options: RendererOptions): PromptRenderer {
  const { version, taxonomy, responseFormat } = options;
  if (!version.guide) throw new ConfigError(`prompt version ${version.name}: the follow-up layout needs meta.guide (the annotation guide)`, [], { file: version.dir });
  const guide = parseGuide(version.guide.text, taxonomy.dimensions, version.guide.file);
  // An isolated instance: no helpers registered on the global Handlebars; noEscape because this is not HTML.
  const hbs = Handlebars.create();
  const compile = (src: string): Handlebars.TemplateDelegate => hbs.compile(src, { noEscape: true, strict: false });
  const schema = sharedAnswerJsonSchema(taxonomy.dimensions);
  const dims = { call1: callDimensions(taxonomy, 'call1'), call2: callDimensions(taxonomy, 'call2') };
  const names = { call1: listNames(dims.call1), call2: listNames(dims.call2) };
  // json_schema mode sends the shared schema, whose every dimension is required (null for the other call's); in
  // json_object mode nothing forces that, so an answer (and the replay of call 1's) holds only the call's dimensions.
  const nulls = responseFormat === 'json_schema';
  const system = compile(version.templates.call1.system)(systemView({ version, taxonomy, guide, nulls, names }));
  const user = { call1: compile(version.templates.call1.user), call2: compile(version.templates.call2.user) };
  const answerSchemas = { call1: answerZodSchema(dims.call1), call2: answerZodSchema(dims.call2) };
  const responseFormatValue = responseFormatFor(responseFormat, 'answer', schema);
  // Only text fitted here is known to be escaped: a `fitted` made some other way is fitted again, never trusted.
  const ownFits = new WeakSet<FittedConversation>();
  const fit = (conversation: Conversation, tokenBudget: number | undefined): FittedConversation => {
    const fitted = fitConversation(conversation, { tokenBudget, renderTurn: renderFencedTurn, prelude: renderToolDefinitions(conversation) });
    ownFits.add(fitted);
    return fitted;
  };

  return {
    version,
    responseFormat,
    schema: () => schema,
    system: () => system,
    answer: (call, answer) => answerText(answer, taxonomy, call, { nulls }),
    fit: (conversation, request = {}) => fit(conversation, request.tokenBudget),
    render(call, sample) {
      const fitted = sample.fitted && ownFits.has(sample.fitted) ? sample.fitted : fit(sample.conversation, sample.tokenBudget);
      const messages: ChatMessage[] = [
        { role: 'system', content: system },
        { role: 'user', content: user.call1({ sample: fenceSample(fitted.text), truncated: fitted.truncation !== null, ask: names.call1, skip: names.call2, nulls }) },
      ];
      if (call === 'call2') {
        if (!sample.call1Answer) throw new Error(`prompt ${version.name}: call 2 follows call 1, so render('call2') needs call1Answer`);
        messages.push(
          { role: 'assistant', content: answerText(sample.call1Answer, taxonomy, 'call1', { nulls }) },
          { role: 'user', content: user.call2({ signals: signalsView(sample.signals), ask: names.call2, skip: names.call1, nulls }) },
        );
      }
      return { call, messages, response_format: responseFormatValue, dimensions: dims[call], answerSchema: answerSchemas[call], truncation: fitted.truncation };
    },
  };
}

/**
 * A call's answer as compact JSON: the call's dimensions (tags and confidence only, in taxonomy order), then with
 * `nulls` (json_schema mode, where the shared schema requires every dimension) null for the others. Deterministic,
 * so call 2's messages (and its cache key) depend only on what call 1 answered, not on how the model spaced it.
 */
export function answerText(answer: CallAnswer, taxonomy: Taxonomy, call: CallName, options: { nulls: boolean } = { nulls: true }): string {
  const own = new Set(callDimensions(taxonomy, call).map((d) => d.id));
  const out: Record<string, unknown> = {};
  for (const d of taxonomy.dimensions) {
    const a = own.has(d.id) ? answer[d.id] : undefined;
    if (a) out[d.id] = { tags: a.tags, confidence: a.confidence };
    else if (options.nulls) out[d.id] = null;
  }
  return JSON.stringify(out);
}

/**
 * Guide markdown as plain text for the prompt: the words stay, the ornaments every request pays for go (~500 tokens):
 * bold and italic markers, backticks around tag ids, the hard wraps of the guide's source (a wrapped line is joined
 * to the one before it) and bullet markers (each item keeps its own line; numbered items keep their numbers, which
 * the decision lists need; table rows and blank-line paragraphs stay as they are).
 */
export function plain(markdown: string): string {
  return markdown
    .replace(/\*\*/g, '')
    .replace(/(^|[\s(/"])\*(?=\S)([^*\n]+?)\*(?=[\s).,;:/"]|$)/gm, '$1$2')
    .replace(/`/g, '')
    .replace(/([^\n])\n[ \t]*(?![ \t]*(?:- |\d+\. |\||#|\n|$))/g, '$1 ')
    .replace(/^[ \t]*- /gm, '');
}

function listNames(dims: readonly Dimension[]): string {
  const ids = dims.map((d) => d.id);
  return ids.length < 2 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`;
}

interface SystemInput {
  version: PromptVersion;
  taxonomy: Taxonomy;
  guide: Guide;
  /** Answers carry null for the other call's dimensions (json_schema mode). */
  nulls: boolean;
  names: Record<CallName, string>;
}

/** Everything the system template sees: taxonomy, guide and few-shot data, nothing of any sample. */
function systemView(input: SystemInput): Record<string, unknown> {
  const { version, taxonomy, guide } = input;
  return {
    taxonomyVersion: taxonomy.version,
    names: input.names,
    principles: plain(guide.principles),
    multiTurn: plain(guide.multiTurn),
    clarificationsTitle: guide.clarifications.title,
    clarifications: plain(guide.clarifications.body),
    dimensions: taxonomy.dimensions.map((d) => ({
      id: d.id,
      name: d.name,
      call: d.call,
      cardinality: d.selection === 'single' ? 'exactly 1 tag' : `${d.min}-${d.max} tags${d.ordered ? ', primary first' : ''}`,
      guide: plain(guide.byDimension[d.id]?.body ?? ''),
      intents: d.tags.some((t) => t.typical_intents?.length),
      tags: d.tags.map((t) => ({ id: t.id, description: t.description, intents: t.typical_intents?.join(', ') ?? null })),
    })),
    errors: taxonomy.file.consistency_rules.filter((r) => r.severity === 'error').map((r) => r.statement),
    warnings: taxonomy.file.consistency_rules.filter((r) => r.severity !== 'error').map((r) => r.statement),
    nulls: input.nulls,
    examples: version.fewShot.map((shot, i) => ({
      number: i + 1,
      name: shot.name,
      sample: [...renderToolDefinitions({ id: 'example', format: 'example', tools: shot.tools ?? [], turns: [] }), ...shot.turns.map((t) => renderFencedTurn({ ...t }))].join('\n\n'),
      answers: CALLS.map((call) => ({
        call: call === 'call1' ? 1 : 2,
        answer: answerText(shot[call], taxonomy, call, { nulls: input.nulls }),
        why: shot.reasons?.[call] ?? null,
      })),
    })),
  };
}
