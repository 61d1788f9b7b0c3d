import { z } from 'zod';
import { ConfidenceSchema, LabelsSchema } from '../taxonomy/index.js';

/** One failed HTTP attempt inside a call (the client's FailedAttempt): retried, or the last one of a failed call. */
export const FailedAttemptRecordSchema = z.object({
  attempt: z.number().int().positive(),
  /** http | connection | timeout | length | empty | malformed */
  kind: z.string(),
  status: z.number().int().optional(),
  /** Short and key-free (the client redacts it). */
  message: z.string(),
  /** Wait before the next attempt (0 for the last one). */
  delay_ms: z.number().nonnegative(),
  /** Completion budget of the attempt, on a `length` failure (the one retry doubles it). */
  max_tokens: z.number().int().positive().optional(),
});
export type FailedAttemptRecord = z.infer<typeof FailedAttemptRecordSchema>;

/** One model call (or the rules labeler's single pass) as recorded in `labeling_monitor.calls`. */
export const CallRecordSchema = z.object({
  /** `call1`, `call2`, `repair:call1`, `arbitrate:<dimension>#<k>`, `rules`. */
  name: z.string(),
  model: z.string(),
  attempts: z.number().int().nonnegative(),
  latency_ms: z.number().nonnegative(),
  prompt_tokens: z.number().int().nonnegative().default(0),
  completion_tokens: z.number().int().nonnegative().default(0),
  cached_tokens: z.number().int().nonnegative().default(0),
  /** null when the model has no price in the registry. */
  cost_usd: z.number().nonnegative().nullable().default(0),
  cache_hit: z.boolean().default(false),
  finish_reason: z.string().nullable().default(null),
  error: z.string().nullable().default(null),
  /** The attempts of this call that failed (retried ones, even when the call finally succeeded); absent when none. */
  failed_attempts: z.array(FailedAttemptRecordSchema).optional(),
  /** Of prompt_tokens, those written to the provider cache (Anthropic), priced at cache_write; absent when none. */
  cache_write_tokens: z.number().int().nonnegative().optional(),
  /** Of completion_tokens, those spent reasoning; absent when the provider did not report any. */
  reasoning_tokens: z.number().int().nonnegative().optional(),
  /** `model` the response named (an alias re-route or a gateway's deployment shows here); absent when none. */
  served_model: z.string().optional(),
  /** Cost the gateway reported (LiteLLM `x-litellm-response-cost`, USD), to check cost_usd against; absent when none. */
  provider_cost_usd: z.number().nonnegative().optional(),
  /** Completion budget of the answer when a `finish_reason: length` retry raised it above the configured one. */
  max_tokens: z.number().int().positive().optional(),
  /**
   * Why the request failed for good, as data (absent on success): HTTP status when there was one, the provider's
   * own message, and whether the failure is of a retryable kind. What a "stop a doomed configuration" rule reads.
   */
  failure: z
    .object({
      kind: z.string().describe('http | timeout | transport | interrupted | other'),
      status: z.number().int().optional(),
      provider_message: z.string().optional(),
      retryable: z.boolean(),
    })
    .optional(),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

export const RuleViolationSchema = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});
export type RuleViolation = z.infer<typeof RuleViolationSchema>;

export const LabelIssuesSchema = z.object({
  /** Tags outside the pool that no alias maps: recorded, never silently dropped. */
  unmapped: z.array(z.object({ dimension: z.string(), value: z.string() })).default([]),
  /** Near-miss spellings mapped to a canonical id. */
  mapped: z.array(z.object({ dimension: z.string(), from: z.string(), to: z.string() })).default([]),
  // Before `violations`: the order the LLM labeler has always written, kept by every parse (run lines) too.
  /** Structural fixes made to a model's answer (none next to other tags dropped, tags past max cut). */
  repaired: z.array(z.object({ dimension: z.string(), rule: z.string(), action: z.string() })).optional(),
  violations: z.array(RuleViolationSchema).default([]),
  /** Rules skipped because a signal they need was missing. */
  skipped_rules: z.array(z.string()).default([]),
  arbitration: z
    .array(
      z.object({
        dimension: z.string(),
        before: z.union([z.string(), z.array(z.string())]).nullable(),
        after: z.union([z.string(), z.array(z.string())]).nullable(),
        votes: z.number().int().nonnegative(),
        confidence: z.number().min(0).max(1),
      }),
    )
    .default([]),
  /**
   * Cascades only: the calls asked again of the second model, why (each low dimension with its confidence and
   * threshold) and whether it answered (when it did not, the first model's labels stay). Absent outside cascades.
   */
  escalations: z
    .array(
      z.object({
        call: z.string(),
        from: z.string().describe('first model (registry id)'),
        to: z.string().describe('second model, whose answer wins for the low dimensions'),
        low: z.array(z.object({ dimension: z.string(), confidence: z.number(), threshold: z.number() })),
        reason: z.string(),
        answered: z.boolean(),
      }),
    )
    .optional(),
  /** Set when the conversation was cut to fit the token budget. */
  truncation: z
    .object({ original_tokens: z.number().int(), kept_tokens: z.number().int(), turns_cut: z.number().int(), note: z.string() })
    .nullable()
    .default(null),
});
export type LabelIssues = z.infer<typeof LabelIssuesSchema>;

/** `labeling_monitor` on every output record, and one line of `monitor_*.jsonl`. */
export const LabelingMonitorSchema = z.object({
  version: z.literal(1).default(1),
  labeler: z.string(),
  model: z.string(),
  prompt_version: z.string().nullable().default(null),
  taxonomy_version: z.string(),
  calls: z.array(CallRecordSchema).default([]),
  issues: LabelIssuesSchema,
  latency_ms: z.number().nonnegative(),
  /** Why the sample failed (`labels: null`), else null. */
  error: z.string().nullable().default(null),
});
export type LabelingMonitor = z.infer<typeof LabelingMonitorSchema>;

export const LabelOutcomeSchema = z.object({
  labels: LabelsSchema.nullable(),
  confidence: ConfidenceSchema,
  labeling_monitor: LabelingMonitorSchema,
});
export type LabelOutcome = z.infer<typeof LabelOutcomeSchema>;

/** What a labeler knows about one sample's labeling; `buildMonitor` turns it into the `labeling_monitor` record. */
export interface MonitorFields {
  /** Monitor name of the labeler (`llm`, `rules`, or a registry name). */
  labeler: string;
  model: string;
  /** Default null (labelers without a prompt). */
  promptVersion?: string | null;
  taxonomyVersion: string;
  /** Default []. */
  calls?: CallRecord[];
  /** Missing fields take the schema's defaults. */
  issues?: Partial<LabelIssues>;
  latencyMs: number;
  /** Why the sample failed; default null (labeled). */
  error?: string | null;
}

/**
 * The one builder of `labeling_monitor` (LLM labeler, rules labeler, the engine's failed outcomes). Keys come out
 * in one fixed order, the order committed monitors (CI cache, baselines, earlier outputs) have, so monitor JSON
 * stays byte-stable (the schema declares the same order, so a parsed monitor, e.g. in a run line, keeps it).
 */
export function buildMonitor(f: MonitorFields): LabelingMonitor {
  return {
    version: 1,
    labeler: f.labeler,
    model: f.model,
    prompt_version: f.promptVersion ?? null,
    taxonomy_version: f.taxonomyVersion,
    calls: f.calls ?? [],
    issues: buildIssues(f.issues ?? {}),
    latency_ms: Math.max(0, f.latencyMs),
    error: f.error ?? null,
  };
}

/** `issues` in its fixed key order; `repaired` only when the labeler repairs (the rules labeler does not). */
export function buildIssues(p: Partial<LabelIssues>): LabelIssues {
  return {
    unmapped: p.unmapped ?? [],
    mapped: p.mapped ?? [],
    ...(p.repaired !== undefined ? { repaired: p.repaired } : {}),
    violations: p.violations ?? [],
    skipped_rules: p.skipped_rules ?? [],
    arbitration: p.arbitration ?? [],
    ...(p.escalations !== undefined ? { escalations: p.escalations } : {}),
    truncation: p.truncation ?? null,
  };
}

/**
 * True when a call of the sample was not sent or was cut off because the run is stopping (Ctrl-C): such an outcome
 * is not a result of labeling, so `label` and `run` do not write it and a resumed run labels the sample again.
 */
export function wasInterrupted(outcome: Pick<LabelOutcome, 'labeling_monitor'>): boolean {
  return outcome.labeling_monitor.calls.some((c) => c.failure?.kind === 'interrupted');
}
