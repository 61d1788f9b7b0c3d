import type { Command } from 'commander';

/** A command of the CLI: its name, the one line `sft-label --help` lists, and its file, loaded only when needed. */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<(program: Command) => void>;
}

/**
 * Every command, one file each. Files are imported lazily: `sft-label label --model rules` then never loads the
 * LLM SDK, the tokenizer tables (~70 MB) or the report templates. Add a command: write its file, add a line here.
 */
export const COMMANDS: CommandEntry[] = [
  { name: 'label', summary: 'label a JSON/JSONL dataset (rules or an LLM); streamed, resumable, shardable', load: async () => (await import('./label.js')).registerLabel },
  { name: 'doctor', summary: 'before paying: two real samples per configuration -> accepted, parsed, tags valid, cache, cost', load: async () => (await import('./doctor.js')).registerDoctor },
  { name: 'estimate', summary: 'expected tokens and dollars of labeling a file, before any request', load: async () => (await import('./estimate.js')).registerEstimate },
  { name: 'run', summary: 'run an experiment (models x prompt versions) over a gold set, score it, write the report', load: async () => (await import('./run.js')).registerRun },
  { name: 'score', summary: 'per-dimension agreement of a labeled output with gold (kappa, alpha, F1, CIs)', load: async () => (await import('./score.js')).registerScore },
  { name: 'compare', summary: 'paired comparison of two labeled outputs on the same gold samples', load: async () => (await import('./compare.js')).registerCompare },
  { name: 'report', summary: 're-render an experiment report, or summarise a production labeling run', load: async () => (await import('./report.js')).registerReport },
  { name: 'ci', summary: 'quality gate: replay an experiment and fail (exit 100) on a significant drop', load: async () => (await import('./ci.js')).registerCi },
  { name: 'baseline', summary: 'pin the baseline (metrics + cache entries) that `ci` compares with', load: async () => (await import('./baseline.js')).registerBaseline },
  { name: 'calibrate', summary: 'per-dimension confidence thresholds chosen on gold (cross-fitted), cascade savings', load: async () => (await import('./calibrate.js')).registerCalibrate },
  { name: 'promote', summary: 'write the production lock file from the best configuration of a run', load: async () => (await import('./promote.js')).registerPromote },
  { name: 'merge', summary: 'join the outputs and stats of `label --shard K/N` runs', load: async () => (await import('./merge.js')).registerMerge },
  { name: 'drift', summary: 'compare the label distributions of two labeled sets', load: async () => (await import('./drift.js')).registerDrift },
  { name: 'review', summary: 'review CSV: export labeled samples, import corrections into a gold set', load: async () => (await import('./review.js')).registerReview },
  { name: 'gold', summary: 'validate, describe and grow gold sets (stats, iaa, collect, annotate)', load: async () => (await import('./gold.js')).registerGold },
  { name: 'taxonomy', summary: 'show or validate the labeling taxonomy (v3.1: 9 dimensions, 221 tags)', load: async () => (await import('./taxonomy.js')).registerTaxonomy },
  { name: 'cache', summary: 'inspect or prune the LLM response cache', load: async () => (await import('./cache.js')).registerCache },
];

/** The entries to load for these arguments: only the named command, or all of them (help, unknown command). */
export function commandsFor(args: readonly string[]): CommandEntry[] {
  const first = args.find((a) => !a.startsWith('-'));
  const hit = COMMANDS.find((c) => c.name === first);
  return hit ? [hit] : COMMANDS;
}
