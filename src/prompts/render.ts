import Handlebars from 'handlebars';
import type { Conversation } from '../conversation/index.js';
import type { ChatMessage, ChatRequest, ResponseFormatMode } from '../llm/index.js';
import type { Signals } from '../preprocess/index.js';
import type { Dimension, Labels, Taxonomy } from '../taxonomy/index.js';
import { answerJsonSchema, answerZodSchema, callDimensions, responseFormatFor, type CallAnswer } from './answer.js';
import { fitConversation, renderTurn, type FittedConversation, type Truncation } from './conversation.js';
import { CALLS, type CallName, type PromptVersion } from './load.js';
import type { z } from 'zod';

export interface RendererOptions {
  version: PromptVersion;
  taxonomy: Taxonomy;
  /** json_schema sends the schema as response_format; json_object writes it into the system message. */
  responseFormat: ResponseFormatMode;
}

export interface SampleInput {
  conversation: Conversation;
  /** Preprocessing signals, shown to call 2 as hints. */
  signals?: Signals | undefined;
  /** Call 1's labels, shown to call 2 as hints. */
  call1Labels?: Labels | undefined;
  /** Conversation token budget (see fitConversation). */
  tokenBudget?: number | undefined;
  /** The conversation already fitted to the budget (saves counting its tokens again for each call). */
  fitted?: FittedConversation | undefined;
}

export interface RenderedCall {
  call: CallName;
  messages: ChatMessage[];
  response_format: ChatRequest['response_format'];
  dimensions: Dimension[];
  /** Lenient parser of this call's answer. */
  answerSchema: z.ZodType<CallAnswer>;
  truncation: Truncation | null;
}

export interface PromptRenderer {
  readonly version: PromptVersion;
  readonly responseFormat: ResponseFormatMode;
  /** The strict JSON schema of a call's answer (sent as response_format in json_schema mode). */
  schema(call: CallName): Record<string, unknown>;
  /** The system message of a call: the same string for every sample (provider prompt caches key on it). */
  system(call: CallName): string;
  render(call: CallName, sample: SampleInput): RenderedCall;
}

interface Prepared {
  system: string;
  user: Handlebars.TemplateDelegate;
  dimensions: Dimension[];
  schema: Record<string, unknown>;
  answerSchema: z.ZodType<CallAnswer>;
}

/**
 * Compile a version's templates once for a taxonomy and response-format mode. The system message is rendered here,
 * from the taxonomy and few-shot data only, so it cannot vary by sample; each sample only renders the user message,
 * where the conversation is last and fenced as data.
 */
export function createPromptRenderer(options: RendererOptions): PromptRenderer {
  const { version, taxonomy, responseFormat } = options;
  // An isolated instance: no helpers registered on the global Handlebars; noEscape because this is not HTML.
  const hbs = Handlebars.create();
  const compile = (src: string): Handlebars.TemplateDelegate => hbs.compile(src, { noEscape: true, strict: false });
  const prepared = {} as Record<CallName, Prepared>;
  for (const call of CALLS) {
    const dimensions = callDimensions(taxonomy, call);
    const schema = answerJsonSchema(dimensions);
    const context = {
      taxonomyVersion: taxonomy.version,
      call,
      dimensions: dimensions.map(dimensionView),
      examples: version.fewShot.map((shot, i) => ({
        number: i + 1,
        name: shot.name,
        conversation: shot.turns.map((t) => renderTurn({ ...t })).join('\n\n'),
        answer: JSON.stringify(shot[call]),
        why: shot.why,
      })),
      schemaInPrompt: responseFormat === 'json_object',
      schema: JSON.stringify(schema),
    };
    prepared[call] = {
      system: compile(version.templates[call].system)(context),
      user: compile(version.templates[call].user),
      dimensions,
      schema,
      answerSchema: answerZodSchema(dimensions),
    };
  }
  return {
    version,
    responseFormat,
    schema: (call) => prepared[call].schema,
    system: (call) => prepared[call].system,
    render(call, sample) {
      const p = prepared[call];
      const fitted = sample.fitted ?? fitConversation(sample.conversation, { tokenBudget: sample.tokenBudget });
      const user = p.user({
        conversation: fitted.text,
        truncated: fitted.truncation !== null,
        hints: call === 'call2' ? hintsView(sample.call1Labels, sample.signals) : null,
      });
      return {
        call,
        messages: [
          { role: 'system', content: p.system },
          { role: 'user', content: user },
        ],
        response_format: responseFormatFor(responseFormat, call, p.schema),
        dimensions: p.dimensions,
        answerSchema: p.answerSchema,
        truncation: fitted.truncation,
      };
    },
  };
}

function dimensionView(d: Dimension): Record<string, unknown> {
  return {
    id: d.id,
    name: d.name,
    single: d.selection === 'single',
    cardinality: d.selection === 'single' ? 'exactly 1 tag' : `${d.min}-${d.max} tags${d.ordered ? ', primary first' : ''}`,
    none_tag: d.none_tag,
    description: d.description.trim(),
    ids: d.tags.map((t) => t.id).join(', '),
    tags: d.tags.map((t) => ({ id: t.id, label: t.label, description: t.description })),
  };
}

const HINT_SIGNALS = ['has_tool_calls', 'tool_call_count', 'has_tool_definitions', 'user_turns', 'code_block_count', 'assistant_code_lines', 'fence_languages'] as const;

function hintsView(labels: Labels | undefined, signals: Signals | undefined): Record<string, unknown> {
  return {
    labels: Object.entries(labels ?? {}).map(([dim, v]) => ({ dim, value: Array.isArray(v) ? v.join(', ') : v })),
    signals: signals
      ? HINT_SIGNALS.map((name) => {
          const v = signals[name];
          return { name, value: Array.isArray(v) ? (v.length ? v.join(', ') : '(none)') : String(v) };
        })
      : [],
  };
}
