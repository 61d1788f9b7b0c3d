import { z } from 'zod';
import { LabelsSchema } from '../taxonomy/index.js';

/**
 * One line of `samples.jsonl`: a record in its original input shape plus its gold `id`. Public records also carry
 * `gold_source` (file#index in shared/formats) and, when the original had its own id, `source_id`.
 */
/**
 * How a sample added after the first release was chosen (`gold suggest` -> review -> `review import`): its stratum and
 * inclusion probability (weight 1/π keeps population estimates unbiased), the design file, and who labeled it when.
 */
export const GoldSelectionSchema = z.strictObject({
  stratum: z.string().min(1),
  inclusion_probability: z.number().gt(0).max(1),
  reasons: z.array(z.string()).default([]),
  design: z.string().min(1).describe('the candidates CSV it came from'),
  from: z.array(z.string()).describe('the labeled outputs it was chosen from'),
  added_at: z.string().optional().describe('ISO time of the review import that added it'),
  labeled_by: z.string().optional().describe('the person whose labels added it'),
});
export type GoldSelection = z.infer<typeof GoldSelectionSchema>;

export const GoldSampleRecordSchema = z.looseObject({
  id: z.string().min(1).describe('gold id, unique in the set (a-NNN written for the set, r-NNN public)'),
  gold_source: z.string().min(1).optional().describe('where a public record came from: shared/formats/<file>#<index>'),
  selection: GoldSelectionSchema.optional().describe('present on samples added through gold suggest + review import'),
});
export type GoldSampleRecord = z.infer<typeof GoldSampleRecordSchema>;

/** One line of `labels.jsonl`: the adjudicated labels and, per decided dimension, the adjudicator's reason. */
export const GoldLabelRecordSchema = z.strictObject({
  id: z.string().min(1),
  labels: LabelsSchema,
  adjudication: z.record(z.string(), z.string()).default({}).describe('dimension -> reason, for dimensions the adjudicator decided'),
});
export type GoldLabelRecord = z.infer<typeof GoldLabelRecordSchema>;

/** Provenance of a machine-made annotation; its presence is what marks an annotation file as model annotations. */
export const ModelAnnotationSchema = z.strictObject({
  model: z.string().min(1),
  labeler: z.string().min(1).describe('labeler that produced the labels (pipeline name and prompt version)'),
  created: z.string().min(1).describe('ISO date-time of the run'),
});
export type ModelAnnotation = z.infer<typeof ModelAnnotationSchema>;

/** One line of `annotations/<annotator>.jsonl`: one independent annotation pass. */
export const AnnotationRecordSchema = z.strictObject({
  id: z.string().min(1),
  labels: LabelsSchema,
  notes: z.string().optional().describe("the annotator's reasoning on hard calls"),
  model_annotation: ModelAnnotationSchema.optional(),
});
export type AnnotationRecord = z.infer<typeof AnnotationRecordSchema>;

/** `gold.json`: what a run records to say which gold set it was scored against. */
export const GoldManifestSchema = z.object({
  format_version: z.literal(1),
  name: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version must be MAJOR.MINOR.PATCH'),
  created: z.string().min(1),
  description: z.string().optional(),
  taxonomy: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  counts: z.looseObject({ samples: z.number().int().nonnegative(), labels: z.number().int().nonnegative() }),
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 hex digits')),
  source: z.unknown().optional(),
});
export type GoldManifest = z.infer<typeof GoldManifestSchema>;
