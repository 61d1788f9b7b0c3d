import { z } from 'zod';

/** A tool/function call made by the assistant, structured or recovered from text protocols. */
export const ToolCallSchema = z.object({
  name: z.string(),
  /** Arguments as text (JSON when the source had an object). */
  arguments: z.string(),
  id: z.string().optional(),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

export const RoleSchema = z.enum(['system', 'user', 'assistant', 'tool']);
export type Role = z.infer<typeof RoleSchema>;

/** One turn of the canonical conversation. */
export const TurnSchema = z.object({
  role: RoleSchema,
  /** Rendered text content ('' when the turn only carries tool calls). */
  content: z.string(),
  /** Structured tool calls on an assistant turn. */
  tool_calls: z.array(ToolCallSchema).optional(),
  /** Tool or function name on a tool turn. */
  name: z.string().optional(),
  /** Id of the call a tool turn answers (`tool_call_id`, or the first of SWE-agent's `tool_call_ids`). */
  tool_call_id: z.string().optional(),
  /** Hidden reasoning kept apart from content (reasoning_content, reasoning parts). */
  reasoning: z.string().optional(),
  /** Source role spelling (`gpt`, `human`, `function_call`, `observation`, `ai`, ...). */
  source_role: z.string().optional(),
});
export type Turn = z.infer<typeof TurnSchema>;

/** The canonical conversation every reader produces and every later stage consumes. */
export const ConversationSchema = z.object({
  /** The record's `id` field (stringified) when present, else a stable content hash (`h_` + 16 hex). */
  id: z.string().min(1),
  /** Which input variant it was read from (`sharegpt`, `openai`, `alpaca`, `swe-agent-traj`, ...). */
  format: z.string(),
  turns: z.array(TurnSchema),
  /** Declared tool/function schemas (already JSON-decoded when the source stored a string). */
  tools: z.array(z.unknown()).default([]),
});
export type Conversation = z.infer<typeof ConversationSchema>;
