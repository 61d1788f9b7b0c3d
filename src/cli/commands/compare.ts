import type { Command } from 'commander';
import { comparePaired, detectableDrops, readGoldLabels, readPredLabels, renderCompareTable } from '../../score/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { addScoringFlags, parseScoringFlags, type ScoringFlags, writeJson } from './score.js';

export function registerCompare(program: Command): void {
  addScoringFlags(
    program
      .command('compare')
      .description(
        'Compare two labeled outputs A and B on the same gold samples: per-dimension headline difference (B - A) with a paired\n' +
          'bootstrap 95% CI and p-value, McNemar\'s exact test on per-sample exact match, and the detectable drop: the\n' +
          'smallest drop from A the paired test flags with 80% power on these gold samples (see what the gold set can resolve).',
      )
      .argument('<a>', 'labeled output of configuration A (baseline)')
      .argument('<b>', 'labeled output of configuration B (candidate)')
      .addHelpText('after', [
        '',
        'Examples:',
        '  sft-label compare --gold gold/v1 reports/exp/runs/a.jsonl reports/exp/runs/b.jsonl',
        '  sft-label compare --gold gold/v1 a.jsonl b.jsonl --dims intent,domain --json compare.json',
        '  # a difference smaller than the "detectable drop" column cannot be told from noise on this gold set:',
        '  # grow it with `sft-label gold suggest`, label, `review import`, `gold bump`, and compare again',
      ].join('\n')),
  ).action(async (aFile: string, bFile: string, opts: ScoringFlags) => {
    const flags = parseScoringFlags(opts);
    const taxonomy = loadTaxonomy({ path: opts.taxonomy });
    const [gold, a, b] = await Promise.all([readGoldLabels(opts.gold), readPredLabels(aFile), readPredLabels(bFile)]);
    const report = comparePaired({ gold, a, b, taxonomy, ...flags });
    const detectable = detectableDrops({ gold, reference: a, other: b, taxonomy, dims: flags.dims });
    if (opts.json) await writeJson(opts.json, { ...report, detectable });
    process.stdout.write(renderCompareTable(report, { a: aFile, b: bFile }, detectable));
  });
}
