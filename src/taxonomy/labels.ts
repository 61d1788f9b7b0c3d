import { z } from 'zod';

/**
 * Labels on output records and in gold: a string for single dimensions, an array of tag ids for multi dimensions
 * (Task: primary first). `{ intent: "build", language: ["python", "sql"], ... }`.
 */
export const LabelsSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type Labels = z.infer<typeof LabelsSchema>;

/** Confidence per dimension, 0..1. */
export const ConfidenceSchema = z.record(z.string(), z.number().min(0).max(1));
export type Confidence = z.infer<typeof ConfidenceSchema>;

/** The tags of one dimension as an array, whatever the stored shape ([] when absent). */
export function tagsOf(labels: Labels | null | undefined, dimension: string): string[] {
  const v = labels?.[dimension];
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : v;
}
