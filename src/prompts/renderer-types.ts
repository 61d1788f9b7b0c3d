import type { Conversation } from '../conversation/index.js';
import type { ChatMessage, ChatRequest, ResponseFormatMode } from '../llm/index.js';
import type { Signals } from '../preprocess/index.js';
import type { Dimension, Labels, Taxonomy } from '../taxonomy/index.js';
import type { z } from 'zod';
import type { CallAnswer } from './answer.js';
import type { FittedConversation, Truncation } from './conversation.js';
import type { CallName, PromptVersion } from './load.js';

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
  /** Call 1's labels (canonical), shown to call 2 as hints by the per-call layout (v1, v2). */
  call1Labels?: Labels | undefined;
  /** Call 1's answer as parsed: the follow-up layout (v3) replays it as the assistant turn before call 2. */
  call1Answer?: CallAnswer | undefined;
  /** Conversation token budget (see fitConversation). */
  tokenBudget?: number | undefined;
  /** The conversation as `PromptRenderer.fit` returned it (saves fitting it again for each call). */
  fitted?: FittedConversation | undefined;
}

export interface RenderedCall {
  call: CallName;
  /** The whole request: v1/v2 system + user; v3 call 2 also repeats call 1's messages and answer first. */
  messages: ChatMessage[];
  response_format: ChatRequest['response_format'];
  dimensions: Dimension[];
  /** Lenient parser of this call's answer. */
  answerSchema: z.ZodType<CallAnswer>;
  truncation: Truncation | null;
}

export interface FitRequest {
  /** Conversation tokens at most (default DEFAULT_TOKEN_BUDGET). */
  tokenBudget?: number | undefined;
}

export interface PromptRenderer {
  readonly version: PromptVersion;
  readonly responseFormat: ResponseFormatMode;
  /** The strict JSON schema of a call's answer (sent as response_format in json_schema mode). */
  schema(call: CallName): Record<string, unknown>;
  /** The system message of a call: the same string for every sample (provider prompt caches key on it). */
  system(call: CallName): string;
  /**
   * A call's answer as this version asks the model to write it (compact JSON; v3 also replays call 1's this way as
   * call 2's assistant turn): what an answer costs in completion tokens, and in v3 in call 2's prompt.
   */
  answer(call: CallName, answer: CallAnswer): string;
  /**
   * The conversation as this version shows it, cut to the budget: fit once per sample and pass it to `render` as
   * `fitted` for each call (the text format differs by version, so fit with the renderer that will render it).
   */
  fit(conversation: Conversation, request?: FitRequest): FittedConversation;
  render(call: CallName, sample: SampleInput): RenderedCall;
}
