import type { Command } from 'commander';
import { compareLabelCounts, formatDrift, readLabelCounts } from '../../drift/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { numberFlag } from '../flags.js';

interface DriftFlags {
  json?: boolean;
  minExpected: string;
  taxonomy?: string;
}

export function registerDrift(program: Command): void {
  program
    .command('drift')
    .description(
      'Compare the label distributions of two labeled sets (JSON array or JSONL outputs), dimension by dimension:\n' +
        'total variation distance, a chi-square test of homogeneity (multi dimensions count tag occurrences; cells with\n' +
        'expected count below --min-expected are pooled), and tags that appeared in B or vanished from A.',
    )
    .argument('<a>', 'reference labeled output (e.g. the gold-set run, or last month)')
    .argument('<b>', 'labeled output compared with it')
    .option('--json', 'print the report as JSON on stdout instead of the table')
    .option('--min-expected <n>', 'pool chi-square categories whose expected count is below this', '5')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .action(async (a: string, b: string, flags: DriftFlags) => {
      const minExpected = numberFlag('--min-expected', flags.minExpected, { min: 0 });
      const taxonomy = loadTaxonomy({ path: flags.taxonomy });
      const [ca, cb] = await Promise.all([readLabelCounts(a, taxonomy), readLabelCounts(b, taxonomy)]);
      const report = compareLabelCounts(ca, cb, taxonomy, { minExpected });
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDrift(report)}\n`);
    });
}
