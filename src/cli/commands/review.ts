import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadGoldSet } from '../../gold/index.js';
import { calibrationOf, candidateSamplesPath, exportReviewCsv, importReviewCsv, planReviewImport, readCandidateSamples, REVIEW_DEFAULTS } from '../../review/index.js';
import { readJsonFile } from '../../report/index.js';
import { fractionFlag, intFlag, optionalIntFlag } from '../flags.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { ConfigError, UsageError } from '../../errors/index.js';

interface ExportFlags {
  input: string;
  monitor?: string;
  output: string;
  bom?: boolean;
  taxonomy?: string;
  budget?: string;
  randomShare?: string;
  seed?: string;
  lookBelow?: string;
  calibration?: string;
  config?: string;
  gold?: string | false;
}

const EXPORT_EXAMPLES = `
Examples:
  # every labeled sample, for Excel
  sft-label review export --input labeled_x.json --monitor monitor_x.jsonl --output review.csv --bom
  # the 200 samples a person should check: 160 least confident, 40 drawn at random as an unbiased audit
  sft-label review export --input labeled_x.json --output review.csv --budget 200
  # rank by calibrated confidence (what the run measured on gold for the configuration that labeled the file)
  sft-label review export --input labeled_x.json --output review.csv --budget 200 \\
    --calibration reports/deepseek-vs-sonnet/metrics.json --config deepseek-v3.2__v3
  # only the least confident, no random share (biased: it says nothing about the rest)
  sft-label review export --input labeled_x.json --output review.csv --budget 100 --random-share 0
  # a gold run: the current gold label beside each prediction (gold set found from the run folder)
  sft-label review export --input reports/compare/runs/deepseek__v3.jsonl --output review.csv --bom
  sft-label review export --input out/gold.jsonl --monitor out/monitor_gold.jsonl --gold gold/v1 --output review.csv`;

interface ImportFlags {
  gold: string;
  samples?: string;
  reviewer?: string;
  dryRun?: boolean;
  taxonomy?: string;
}

export function registerReview(program: Command): void {
  const review = program
    .command('review')
    .description('Export labeled samples to a CSV for a person to check, and import their corrections into a gold set.');
  review
    .command('export')
    .description(
      'Write a review CSV (RFC 4180: cells with a line break, quote or comma are quoted, records end CRLF): a row per\n' +
        'sample with id, excerpt, issues and, per dimension, labels, confidence and an empty <dim>_correction column.\n' +
        'For a gold run (--gold, or an experiment\'s runs/<config>.jsonl, whose run.json names its gold set) each\n' +
        'dimension also gets <dim>_gold, the current gold label beside the predicted one. Cells starting with\n' +
        '= + - @ tab or CR get a leading quote (formula injection).\n' +
        'With --budget N only the N samples to check: round(N x share) drawn at random from all samples (an unbiased\n' +
        'audit, check every dimension), the rest the labeled samples with the lowest confidence on any dimension (check\n' +
        'the dimensions below --look-below, else the least confident one), lowest first.',
    )
    .requiredOption('--input <file>', 'labeled output (.json or .jsonl)')
    .option('--monitor <file>', 'monitor_*.jsonl of the same run (its issues win over the records\' own)')
    .requiredOption('--output <file>', 'CSV to write')
    .option('--bom', 'start the file with a UTF-8 byte order mark (Excel then reads it as UTF-8)')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .option('--budget <n>', 'selective review: only the N samples a person should check, lowest confidence first, plus a random share; adds the columns selection, priority, check')
    .option('--random-share <s>', `with --budget: share of N drawn uniformly at random from every sample, checked on every dimension (default ${REVIEW_DEFAULTS.randomShare})`)
    .option('--seed <n>', `with --budget: seed of the random draw (default ${REVIEW_DEFAULTS.seed})`)
    .option('--look-below <c>', 'with --budget: dimensions below this confidence are listed in "check" (default: the arbitration threshold, 0.65)')
    .option('--calibration <metrics.json>', 'with --budget: rank by calibrated confidence, mapped through this run\'s reliability bins')
    .option('--config <name>', 'with --calibration: the configuration of metrics.json that labeled the input (needed when it has several)')
    .option('--gold <dir>', 'gold set the records were labeled from: adds <dim>_gold columns (default: the run\'s, for reports/<exp>/runs/*.jsonl)')
    .option('--no-gold', 'no gold columns, even for a run folder\'s runs file')
    .addHelpText('after', EXPORT_EXAMPLES)
    .action(async (flags: ExportFlags) => {
      const budget = optionalIntFlag('--budget', flags.budget, 1);
      if (budget === undefined) {
        const only = (['randomShare', 'seed', 'lookBelow', 'calibration', 'config'] as const).filter((k) => flags[k] !== undefined);
        if (only.length) throw new UsageError(`${only.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} only with --budget`);
      }
      if (flags.config !== undefined && flags.calibration === undefined) throw new UsageError('--config only with --calibration');
      let calibration;
      if (flags.calibration) {
        // Loaded only when asked for: the runner's schema of metrics.json.
        const { MetricsFileSchema } = await import('../../runner/index.js');
        calibration = calibrationOf(readJsonFile(flags.calibration, MetricsFileSchema), flags.config, flags.calibration);
      }
      const gold = flags.gold === false ? undefined : (flags.gold ?? (await goldOfRunsFile(flags.input)));
      const r = await exportReviewCsv({
        input: flags.input, monitor: flags.monitor, output: flags.output, bom: flags.bom ?? false, taxonomy: loadTaxonomy({ path: flags.taxonomy }),
        gold,
        budget,
        randomShare: flags.randomShare === undefined ? undefined : fractionFlag('--random-share', flags.randomShare),
        seed: flags.seed === undefined ? undefined : intFlag('--seed', flags.seed, 0),
        lookBelow: flags.lookBelow === undefined ? undefined : fractionFlag('--look-below', flags.lookBelow),
        calibration,
      });
      for (const s of r.skipped) process.stderr.write(`skipped: ${s}\n`);
      const goldNote = gold ? `; gold labels from ${gold}${r.notInGold ? ` (${r.notInGold} id(s) not in it)` : ''}` : '';
      process.stdout.write(`wrote ${flags.output}: ${r.rows} rows (${r.unlabeled} without labels)${goldNote}\n`);
      if (r.selection) {
        const s = r.selection;
        process.stdout.write(
          `selected ${s.lowConfidence + s.random} of ${s.records} samples: ${s.lowConfidence} lowest ${calibration ? 'calibrated ' : ''}confidence, ` +
            `${s.random} at random (audit: check every dimension)\n`,
        );
      }
    });
  review
    .command('import')
    .argument('<csv>', 'review CSV with filled <dim>_correction cells')
    .description(
      'Apply the corrections of a review CSV to a gold set\'s labels.jsonl, validated against the taxonomy. Each change\n' +
        'is recorded in changes.jsonl and CHANGELOG.md ("## Unreleased"); then run `sft-label gold bump`. Any invalid\n' +
        'correction refuses the whole import (exit 2, every problem with its CSV line and column) and changes nothing.\n' +
        'Multi-tag corrections: tag ids separated by ";" or ",".\n\n' +
        'A candidates CSV of `sft-label gold suggest` also adds samples: a candidate row whose correction cells are ALL\n' +
        'filled (a person\'s labels in every dimension) joins samples.jsonl and labels.jsonl with its inclusion probability\n' +
        '(`selection`); rows left empty are skipped; a partly filled row refuses the import. The conversations come from\n' +
        'the samples file gold suggest wrote beside the CSV (<name>.samples.jsonl), or --samples.',
    )
    .addHelpText('after', [
      '',
      'Examples:',
      '  sft-label review import review.csv --gold gold/v1 --reviewer alice --dry-run',
      '  sft-label review import candidates.csv --gold gold/v1 --reviewer alice     # adds the labeled candidates',
      '  # then name the "## Unreleased" entry in gold/v1/CHANGELOG.md "## 1.1.0 — <date>" and:',
      '  sft-label gold bump gold/v1 --to 1.1.0',
    ].join('\n'))
    .requiredOption('--gold <dir>', 'gold set folder (gold/<set>)')
    .option('--reviewer <name>', 'who decided the corrections (default: $SFT_LABEL_REVIEWER, else $USER)')
    .option('--dry-run', 'validate and list the changes without writing anything')
    .option('--samples <file>', 'candidate conversations for new ids (default: <csv name>.samples.jsonl beside the CSV, when present)')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .addHelpText(
      'after',
      '\nReads what spreadsheets and CSV libraries write back: CRLF or LF, with or without a BOM, any valid quoting,\n' +
        'comma, semicolon or tab between cells.\n\nExamples:\n' +
        '  $ sft-label review import review.csv --gold gold/v1 --dry-run\n' +
        '  $ sft-label review import review.csv --gold gold/v1 --reviewer dana\n',
    )
    .action((csvFile: string, flags: ImportFlags) => {
      const taxonomy = loadTaxonomy({ path: flags.taxonomy });
      const gold = loadGoldSet(flags.gold);
      const reviewer = flags.reviewer ?? process.env.SFT_LABEL_REVIEWER ?? process.env.USER ?? 'unknown';
      const samplesFile = flags.samples ?? candidateSamplesPath(csvFile);
      const candidates = flags.samples || existsSync(samplesFile) ? readCandidateSamples(samplesFile) : undefined;
      let r;
      if (flags.dryRun) {
        r = { ...planReviewImport({ csvFile, gold, taxonomy, candidates }), written: [] as string[] };
        if (r.problems.length) throw new ConfigError(`${csvFile}: ${r.problems.length} invalid correction(s)`, r.problems, { file: csvFile });
      } else {
        r = importReviewCsv({ csvFile, gold, taxonomy, reviewer, candidates });
      }
      for (const c of r.changes) process.stdout.write(`${c.id} ${c.dimension}: ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)} (${c.source})\n`);
      for (const a of r.additions) process.stdout.write(`${a.id}: new sample (${a.record.selection?.stratum}, inclusion probability ${a.record.selection?.inclusion_probability}) (${a.source})\n`);
      const verb = flags.dryRun ? 'would change' : 'changed';
      const added = r.additions.length ? `, ${flags.dryRun ? 'would add' : 'added'} ${r.additions.length} sample(s) with a person's labels` : '';
      process.stdout.write(`${verb} ${r.changes.length} label(s) in ${flags.gold}${added} (${r.unchanged} correction(s) equal to gold already)${flags.dryRun ? '' : `; reviewer ${reviewer}`}\n`);
      if (!flags.dryRun && (r.changes.length || r.additions.length)) {
        process.stdout.write(`recorded in ${flags.gold}/changes.jsonl and CHANGELOG.md; name the "## Unreleased" entry's version and run sft-label gold bump ${flags.gold} --to <version>\n`);
      }
    });
}

/** An experiment's `runs/<config>.jsonl` (its run folder has metrics.json): the gold set it was scored against. */
async function goldOfRunsFile(input: string): Promise<string | undefined> {
  const runDir = dirname(dirname(resolve(input)));
  if (basename(dirname(resolve(input))) !== 'runs' || !existsSync(join(runDir, 'metrics.json'))) return undefined;
  const { goldDirOfRunsFile } = await import('../../runner/index.js');
  return goldDirOfRunsFile(input);
}
