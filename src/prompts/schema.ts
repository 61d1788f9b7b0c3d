import { z } from 'zod';

/** `src/prompts/<version>/meta.yaml`: what a prompt version is and how it differs from the others. */
export const PromptMetaSchema = z.object({
  version: z.string().min(1).describe('Must equal the folder name.'),
  description: z.string().min(1),
  /** What differs from the other versions, in a sentence or two (shown by `prompts list` and in run records). */
  differs: z.string().min(1),
  /** Few-shot file in the version folder, or null for none. */
  few_shot: z.string().nullable().default(null),
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
  call1: ShotAnswerSchema,
  call2: ShotAnswerSchema,
});
export type FewShot = z.infer<typeof FewShotSchema>;

export const FewShotFileSchema = z.object({ examples: z.array(FewShotSchema).default([]) });
