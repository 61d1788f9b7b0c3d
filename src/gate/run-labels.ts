import { existsSync } from 'node:fs';
import { z } from 'zod';
import { readLabeledRecordsSync } from '../records/index.js';
import { LabelsSchema, type Labels } from '../taxonomy/index.js';

/** The part of a runs/<config>.jsonl line the gate reads (the runner owns the full schema). */
const GateLineSchema = z.looseObject({
  id: z.string(),
  sample_index: z.int().nonnegative(),
  labels: LabelsSchema.nullable(),
  labeling_monitor: z.looseObject({
    error: z.string().nullable().default(null),
    calls: z.array(z.looseObject({ name: z.string(), error: z.string().nullable().default(null), finish_reason: z.string().nullable().default(null) })).default([]),
  }),
});

export interface RunLabels {
  /** sample_index 0 labels by gold id (null = labeling failed). */
  labels: Map<string, Labels | null>;
  /** Labels of sample_index 1, 2, ... by gold id (runs with repeats); empty without. */
  repeatLabels: Map<string, Labels | null>[];
  /**
   * Samples that failed because no answer came back (HTTP error, timeout, connection): an infrastructure problem,
   * not a quality signal. Told apart structurally: a call with an error and no finish_reason got no answer at all,
   * while an answer that could not be parsed has a finish_reason and counts as a wrong label.
   */
  transportFailures: Array<{ id: string; error: string }>;
}

/** Read a runs file for gating: complete lines only, later lines win; repeats beyond sample_index 0 apart. */
export function readRunLabels(path: string): RunLabels {
  const out: RunLabels = { labels: new Map(), repeatLabels: [], transportFailures: [] };
  if (!existsSync(path)) return out;
  // The one records reader: complete lines only (a torn last line is a crash, not a label), damaged lines skipped.
  for (const { record: parsed } of readLabeledRecordsSync(path, { schema: GateLineSchema, mode: 'lenient', completeLinesOnly: true })) {
    const transport = parsed.labels === null && parsed.labeling_monitor.calls.some((c) => c.error !== null && c.finish_reason === null);
    const where = parsed.sample_index === 0 ? parsed.id : `${parsed.id} repeat ${parsed.sample_index}`;
    if (transport) out.transportFailures.push({ id: where, error: parsed.labeling_monitor.error ?? 'no answer' });
    if (parsed.sample_index === 0) {
      out.labels.set(parsed.id, parsed.labels);
      continue;
    }
    const i = parsed.sample_index - 1;
    while (out.repeatLabels.length <= i) out.repeatLabels.push(new Map());
    out.repeatLabels[i]!.set(parsed.id, parsed.labels);
  }
  return out;
}

/** `name: why` of each configuration the breaker stopped (its first samples all refused the same way). */
export function stoppedConfigs(run: { configs: Record<string, { stopped?: string }> }): string[] {
  return Object.entries(run.configs).flatMap(([name, c]) => (c.stopped ? [`${name}: ${c.stopped}`] : []));
}
