import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError, UsageError } from '../../errors/index.js';
import { readGoldLabels, readPredLabels, renderScoreTable, requireCommonIds, SCORE_DEFAULTS, scoreLabels } from '../../score/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { intFlag } from '../flags.js';

/** Flags shared by `score` and `compare`. */
export interface ScoringFlags {
  gold: string;
  json?: string;
  dims?: string;
  bootstrap: string;
  seed: string;
  taxonomy?: string;
}

export function addScoringFlags(cmd: Command): Command {
  return cmd
    .requiredOption('--gold <path>', 'gold set folder (its labels.jsonl) or a labels file of {id, labels} records')
    .option('--json <file>', 'also write the full report as JSON to this file')
    .option('--dims <list>', 'comma-separated dimension ids to score (default: all nine)')
    .option('--bootstrap <n>', 'bootstrap resamples for 95% CIs (0 = none)', String(SCORE_DEFAULTS.bootstrap))
    .option('--seed <n>', 'bootstrap PRNG seed', String(SCORE_DEFAULTS.seed))
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)');
}

/** Turn the flags into scoring options; bad numbers are usage errors. */
export function parseScoringFlags(opts: ScoringFlags): { dims?: string[]; bootstrap: number; seed: number } {
  const bootstrap = intFlag('--bootstrap', opts.bootstrap, 0);
  const seed = intFlag('--seed', opts.seed, 0);
  const dims = opts.dims?.split(',').map((d) => d.trim()).filter(Boolean);
  return { ...(dims ? { dims } : {}), bootstrap, seed };
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  try {
    await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
  } catch (err) {
    throw new InputError(`cannot write ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
}

export function registerScore(program: Command): void {
  addScoringFlags(
    program
      .command('score')
      .description(
        'Score labeled output against gold: per-dimension agreement (kappa, weighted kappa, alpha-MASI, F1...) with 95% bootstrap CIs.\n' +
          'Ids on one side only are reported and excluded; no id in common with gold is an input error (exit 2); failed samples (labels: null) count as wrong. Definitions: src/score/README.md.',
      )
      .requiredOption('--pred <file>', 'labeled output (.json array or .jsonl of records carrying labels)'),
  ).action(async (opts: ScoringFlags & { pred: string }) => {
    const flags = parseScoringFlags(opts);
    const taxonomy = loadTaxonomy({ path: opts.taxonomy });
    const [gold, pred] = await Promise.all([readGoldLabels(opts.gold), readPredLabels(opts.pred)]);
    requireCommonIds(gold, opts.gold, pred, opts.pred);
    const report = scoreLabels({ gold, pred, taxonomy, ...flags });
    if (opts.json) await writeJson(opts.json, report);
    process.stdout.write(renderScoreTable(report));
  });
}
