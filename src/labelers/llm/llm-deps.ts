/** What the pipeline uses from the LLM client stage, in one place. */
export {
  extractJsonObject,
  failedAttemptsOf,
  costUsd,
  type Prices,
  type ChatClient,
  type ChatMessage,
  type ChatRequest,
  type ChatResult,
  type ChatUsage,
  type FailedAttempt,
  type ResponseFormatMode,
} from '../../llm/index.js';
