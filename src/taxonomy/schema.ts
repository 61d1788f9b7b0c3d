import { z } from 'zod';

/** One tag of a dimension's closed vocabulary. */
export const TagSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:[-.+#][a-z0-9]+)*$|^[a-z0-9+#.-]+$/, 'tag id must be lower-case kebab-case'),
  label: z.string().min(1),
  description: z.string().min(1),
  aliases: z.array(z.string().min(1)).optional(),
  /** Task tags: the intents this task normally pairs with. */
  typical_intents: z.array(z.string()).optional(),
  /** Difficulty tags: 1 = lowest. */
  rank: z.number().int().positive().optional(),
});
export type Tag = z.infer<typeof TagSchema>;

export const DimensionSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  call: z.union([z.literal(1), z.literal(2)]),
  selection: z.enum(['single', 'multi']),
  min: z.number().int().nonnegative(),
  max: z.number().int().positive(),
  /** Multi dimensions whose first tag is primary (Task). */
  ordered: z.boolean().default(false),
  ordinal: z.boolean(),
  none_tag: z.string().nullable(),
  description: z.string().min(1),
  tags: z.array(TagSchema).min(1),
});
export type Dimension = z.infer<typeof DimensionSchema>;

/** The rule grammar of the YAML's `rule_grammar:` section. */
export type Condition =
  | { dimension: string; any_of: string[] }
  | { dimension: string; none_of: string[] }
  | { dimension: string; has_other_than: string[] }
  | { dimension: string; count_gte: number }
  | { signal: string; equals: unknown }
  | { signal: string; gte: number }
  | { signal: string; lte: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ dimension: z.string(), any_of: z.array(z.string()).min(1) }),
    z.strictObject({ dimension: z.string(), none_of: z.array(z.string()).min(1) }),
    z.strictObject({ dimension: z.string(), has_other_than: z.array(z.string()) }),
    z.strictObject({ dimension: z.string(), count_gte: z.number().int() }),
    z.strictObject({ signal: z.string(), equals: z.unknown() }),
    z.strictObject({ signal: z.string(), gte: z.number() }),
    z.strictObject({ signal: z.string(), lte: z.number() }),
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

export const RuleCheckSchema = z.union([
  z.strictObject({ if: ConditionSchema, then: ConditionSchema }),
  z.strictObject({ iff: z.tuple([ConditionSchema, ConditionSchema]) }),
  z.object({ builtin: z.string().min(1) }).catchall(z.unknown()),
]);
export type RuleCheck = z.infer<typeof RuleCheckSchema>;

export const ConsistencyRuleSchema = z.object({
  id: z.string().min(1),
  severity: z.enum(['error', 'warning']),
  statement: z.string().min(1),
  check: RuleCheckSchema,
});
export type ConsistencyRule = z.infer<typeof ConsistencyRuleSchema>;

export const SignalDefSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  description: z.string().min(1),
});
export type SignalDef = z.infer<typeof SignalDefSchema>;

/** The taxonomy file (src/taxonomy/v3.1.yaml). Every field of the shared YAML is kept. */
export const TaxonomyFileSchema = z.object({
  taxonomy: z.string().min(1),
  version: z.string().min(1),
  total_tags: z.number().int().positive(),
  scope: z.string().optional(),
  signals: z.array(SignalDefSchema).default([]),
  rule_grammar: z.record(z.string(), z.unknown()).optional(),
  dimensions: z.array(DimensionSchema).min(1),
  consistency_rules: z.array(ConsistencyRuleSchema).default([]),
});
export type TaxonomyFile = z.infer<typeof TaxonomyFileSchema>;
