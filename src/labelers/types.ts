import type { Conversation } from '../conversation/schema.js';
import type { Signals } from '../preprocess/schema.js';
import type { LabelOutcome } from './monitor.js';

/**
 * Every labeler (the offline `rules`, the OpenAI-compatible LLM pipeline) has this one signature and is found by
 * name in a registry (STYLE 6). A labeler never throws for a sample it cannot label: it returns `labels: null`
 * with the reason in `labeling_monitor.error`.
 */
export interface Labeler {
  /** Registry name: `rules`, or the model id. */
  readonly name: string;
  label(conversation: Conversation, signals: Signals): Promise<LabelOutcome>;
}
