import type { PromptRenderer } from '../../prompts/index.js';
import type { Taxonomy } from '../../taxonomy/index.js';
import type { CallContext } from './call.js';
import type { LlmLabelerSettings } from './options.js';

/**
 * Everything one sample's run needs, built once per labeler. Its own module so that the labeler and arbitration
 * (which the labeler calls) both depend on it without depending on each other.
 */
export interface PipelineContext {
  taxonomy: Taxonomy;
  renderer: PromptRenderer;
  call: CallContext;
  settings: LlmLabelerSettings;
}
