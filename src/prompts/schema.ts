import { z } from 'zod';

/** `src/prompts/<version>/meta.yaml`: what a prompt version is and how it differs from the others. */
export const PromptMetaSchema = z.object({
  version: z.string().min(1).describe('Must equal the folder name.'),
  description: z.string().min(1),
  /** What differs from the other versions, in a sentence or two (shown by `prompts list` and in run records). */
  differs: z.string().min(1),
  /** Few-shot file in the version folder, or null for none. */
  few_shot: z.string().nullable().default(null),
  /**
   * How the two calls are laid out. `per-call` (v1, v2): each call is its own system + user message pair, from
   * `call1.hbs` / `call2.hbs` holding both parts. `follow-up` (v3): one `system.hbs` shared by both calls, `call1.hbs`
   * the first user turn, `call2.hbs` a follow-up user turn after call 1's answer (so call 2's prefix is all of call 1).
   */
  layout: z.enum(['per-call', 'follow-up']).default('per-call'),
  /** Annotation guide rendered into the system message (package-relative path), or null. Its bytes join the hash. */
  guide: z.string().nullable().default(null),
  /** More package-relative files the prompt is rendered from (the taxonomy): their bytes join the version's hash. */
  hashes_with: z.array(z.string()).default([]),
});
export type PromptMeta = z.infer<typeof PromptMetaSchema>;

const ShotTurnSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  name: z.string().optional(),
  tool_calls: z.array(z.object({ name: z.string(), arguments: z.string() })).optional(),
});

const ShotAnswerSchema = z.record(z.string(), z.object({ tags: z.array(z.string()).min(1), confidence: z.number().min(0).max(1) }));

/**
 * One few-shot example, written for the prompts (never taken from a gold set: a test checks no few-shot text
 * appears in any gold sample). `call1` / `call2` are the answers shown for each call.
 */
export const FewShotSchema = z.object({
  name: z.string().min(1),
  turns: z.array(ShotTurnSchema).min(1),
  /** Why these labels: shown after the answer so the model sees the decision, not only the result. */
  why: z.string().optional(),
  /** Per-call reasons (v3): each call's answer is followed by the reasons for that call's labels only. */
  reasons: z.object({ call1: z.string().min(1), call2: z.string().min(1) }).optional(),
  /** Declared tool definitions of the example, shown like a sample's `tools` field (v3). */
  tools: z.array(z.unknown()).optional(),
  /**
   * Letter of the annotation guide's worked example (section 11) that poses the same problem, if any: the few-shot
   * test then requires the example's labels to agree with the guide's on the problem-level dimensions.
   */
  guide_example: z.string().optional(),
  call1: ShotAnswerSchema,
  call2: ShotAnswerSchema,
});
export type FewShot = z.infer<typeof FewShotSchema>;

export const FewShotFileSchema = z.object({ examples: z.array(FewShotSchema).default([]) });
