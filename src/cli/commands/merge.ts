import type { Command } from 'commander';
import { mergeOutputs } from '../../production/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';

interface MergeFlags {
  output: string;
  stats?: string;
  monitor?: string;
  taxonomy?: string;
  allowIncomplete?: boolean;
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description(
      'Join the outputs of `label --shard K/N` runs into one output: each id once (identical duplicates dropped, a\n' +
        'labeled record kept over a failed one, different labels for one id are an error), their monitors, and their\n' +
        'stats_*.json merged (counts and distributions recounted from the merged records, tokens and cost summed).\n\n' +
        'The shard set is checked first, from each shard\'s stats: K of N for every K, each finished and not cut by\n' +
        '--limit. An incomplete set exits 1 naming what is missing and writes nothing (--allow-incomplete writes it,\n' +
        'with complete: false in the merged stats).',
    )
    .argument('<shards...>', 'shard outputs (.jsonl or .json), each with its stats_/monitor_ files beside it')
    .requiredOption('--output <file>', 'merged output: .jsonl or .json (written atomically)')
    .option('--stats <file>', 'merged stats (default: stats_<name>.json beside the output)')
    .option('--monitor <file>', 'merged monitor (default: monitor_<name>.jsonl beside the output)')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .option('--allow-incomplete', 'write the merge even when shards are missing or unfinished (merged stats say complete: false)')
    .action(async (shards: string[], flags: MergeFlags) => {
      const taxonomy = loadTaxonomy({ path: flags.taxonomy });
      const r = await mergeOutputs({ inputs: shards, output: flags.output, stats: flags.stats, monitor: flags.monitor, taxonomy, allowIncomplete: flags.allowIncomplete ?? false });
      for (const p of r.incomplete) process.stderr.write(`sft-label: warning: incomplete shard set: ${p}\n`);
      for (const missing of r.missingStats) process.stderr.write(`sft-label: warning: ${missing} not found; its input failures, tokens and cost are not in the merged stats\n`);
      const notes = [r.duplicates ? `${r.duplicates} duplicate(s) dropped` : '', r.replacedFailures ? `${r.replacedFailures} failure(s) replaced by a labeled record` : '']
        .filter(Boolean)
        .join(', ');
      process.stderr.write(
        `merged ${shards.length} shard(s): ${r.records} records (${r.labeled} labeled, ${r.failed} failed${notes ? `; ${notes}` : ''}) -> ${r.paths.output} (stats ${r.paths.stats})\n`,
      );
    });
}
