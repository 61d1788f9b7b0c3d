import type { Command } from 'commander';
import { compareLabelCounts, formatCalibratedDrift, formatDrift, readLabelCounts } from '../../drift/index.js';
import { UsageError } from '../../errors/index.js';
import { goldDirOfRunsFile } from '../../runner/index.js';
import { calibratedDrift, readGoldLabels, readPredLabels } from '../../score/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { numberFlag } from '../flags.js';

interface DriftFlags {
  json?: boolean;
  minExpected: string;
  taxonomy?: string;
  calibrateWith: string[];
  gold?: string;
}

export function registerDrift(program: Command): void {
  program
    .command('drift')
    .description(
      'Compare the label distributions of two labeled sets (JSON array or JSONL outputs), dimension by dimension:\n' +
        'total variation distance, a chi-square test of homogeneity (multi dimensions count tag occurrences; cells with\n' +
        'expected count below --min-expected are pooled), and tags that appeared in B or vanished from A.\n' +
        'With --calibrate-with, also each tag\'s prediction-powered share in A and B and the corrected shift B - A with\n' +
        'its 95% CI, from the labeling configuration\'s answers on the gold set (once: the same configuration labeled\n' +
        'both; twice: A\'s configuration, then B\'s).',
    )
    .addHelpText('after', [
      '',
      'Examples:',
      '  sft-label drift out/labeled_may.jsonl out/labeled_june.jsonl',
      '  sft-label drift out/labeled_may.jsonl out/labeled_june.jsonl --calibrate-with reports/exp/runs/deepseek-v3.2__v3.jsonl',
    ].join('\n'))
    .argument('<a>', 'reference labeled output (e.g. the gold-set run, or last month)')
    .argument('<b>', 'labeled output compared with it')
    .option('--json', 'print the report as JSON on stdout instead of the table')
    .option('--min-expected <n>', 'pool chi-square categories whose expected count is below this', '5')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .option('--calibrate-with <runs-file>', "the labeling configuration's answers on the gold set (reports/<exp>/runs/<config>.jsonl); twice: A's, then B's", (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--gold <dir>', 'gold set for --calibrate-with (default: the one the run folder names)')
    .action(async (a: string, b: string, flags: DriftFlags) => {
      const minExpected = numberFlag('--min-expected', flags.minExpected, { min: 0 });
      const taxonomy = loadTaxonomy({ path: flags.taxonomy });
      const [ca, cb] = await Promise.all([readLabelCounts(a, taxonomy), readLabelCounts(b, taxonomy)]);
      const report = compareLabelCounts(ca, cb, taxonomy, { minExpected });
      if (flags.calibrateWith.length > 2) throw new UsageError('--calibrate-with: once (one configuration labeled A and B) or twice (A\'s, then B\'s)');
      let calibration;
      if (flags.calibrateWith.length) {
        const [ra, rb = ra!] = flags.calibrateWith;
        const gold = await readGoldLabels(goldDirOfRunsFile(ra!, { gold: flags.gold }));
        const [pa, pb] = await Promise.all([readPredLabels(ra!), rb === ra ? null : readPredLabels(rb)]);
        calibration = { with: flags.calibrateWith, ...calibratedDrift({ a: ca, b: cb, gold, goldPredA: pa, goldPredB: pb ?? pa, taxonomy }) };
      }
      process.stdout.write(flags.json ? `${JSON.stringify(calibration ? { ...report, calibration } : report, null, 2)}\n` : `${formatDrift(report)}\n${calibration ? formatCalibratedDrift(calibration) : ''}`);
    });
}
