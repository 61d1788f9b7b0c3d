import Handlebars from 'handlebars';
import type { Signals } from '../preprocess/index.js';
import type { Dimension, Labels } from '../taxonomy/index.js';
import { answerJsonSchema, answerZodSchema, callDimensions, responseFormatFor, type CallAnswer } from './answer.js';
import { fitConversation, renderTurn } from './conversation.js';
import { createFollowUpRenderer } from './followup.js';
import { CALLS, type CallName } from './load.js';
import type { PromptRenderer, RendererOptions } from './renderer-types.js';
import { signalsView } from './signals-view.js';
import type { z } from 'zod';

export type { PromptRenderer, RendererOptions, RenderedCall, SampleInput, FitRequest } from './renderer-types.js';

interface Prepared {
  system: string;
  user: Handlebars.TemplateDelegate;
  dimensions: Dimension[];
  schema: Record<string, unknown>;
  answerSchema: z.ZodType<CallAnswer>;
}

/**
 * Compile a version's templates once for a taxonomy and response-format mode. The system message is rendered here,
 * from the taxonomy and few-shot data only, so it cannot vary by sample. The version's layout decides the rest:
 * `follow-up` (v3) is in followup.ts; `per-call` (v1, v2) below renders each sample's user message with the
 * conversation last, between `<conversation>` tags.
 */
export function createPromptRenderer(options: RendererOptions): PromptRenderer {
  return options.version.meta.layout === 'follow-up' ? createFollowUpRenderer(options) : createPerCallRenderer(options);
}

/** v1 and v2: byte for byte what they always rendered (render.pin.test.ts), since their cache entries are committed. */
function createPerCallRenderer(options: RendererOptions): PromptRenderer {
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
    answer: (_call, answer) => JSON.stringify(answer),
    fit: (conversation, request = {}) => fitConversation(conversation, { tokenBudget: request.tokenBudget }),
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

function hintsView(labels: Labels | undefined, signals: Signals | undefined): Record<string, unknown> {
  return {
    labels: Object.entries(labels ?? {}).map(([dim, v]) => ({ dim, value: Array.isArray(v) ? v.join(', ') : v })),
    signals: signalsView(signals),
  };
}
