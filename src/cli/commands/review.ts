import type { Command } from 'commander';
import { loadGoldSet } from '../../gold/index.js';
import { existsSync } from 'node:fs';
import { candidateSamplesPath, exportReviewCsv, importReviewCsv, planReviewImport, readCandidateSamples } from '../../review/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { ConfigError } from '../../errors/index.js';

interface ExportFlags {
  input: string;
  monitor?: string;
  output: string;
  bom?: boolean;
  taxonomy?: string;
}

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
      'Write a review CSV: a row per sample with id, excerpt, issues and, per dimension, labels, confidence and an\n' +
        'empty <dim>_correction column. Cells starting with = + - @ tab or CR get a leading quote (formula injection).',
    )
    .requiredOption('--input <file>', 'labeled output (.json or .jsonl)')
    .option('--monitor <file>', 'monitor_*.jsonl of the same run (its issues win over the records\' own)')
    .requiredOption('--output <file>', 'CSV to write')
    .option('--bom', 'start the file with a UTF-8 byte order mark (Excel then reads it as UTF-8)')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .action(async (flags: ExportFlags) => {
      const r = await exportReviewCsv({ input: flags.input, monitor: flags.monitor, output: flags.output, bom: flags.bom ?? false, taxonomy: loadTaxonomy({ path: flags.taxonomy }) });
      for (const s of r.skipped) process.stderr.write(`skipped: ${s}\n`);
      process.stdout.write(`wrote ${flags.output}: ${r.rows} rows (${r.unlabeled} without labels)\n`);
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
