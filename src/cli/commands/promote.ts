import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { promote, renderLock } from '../../production/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

interface PromoteFlags {
  config?: string;
  allowTie?: boolean;
  out: string;
  force?: boolean;
}

export function registerPromote(program: Command): void {
  program
    .command('promote')
    .description(
      'Pick the production configuration of an experiment run: the highest overall headline metric in\n' +
        'reports/<experiment>/metrics.json when it is significantly ahead of every other configuration (each compared\n' +
        'with the best on the same gold samples, paired bootstrap, Holm-adjusted p < 0.05). When others are tied with it,\n' +
        'promote refuses (exit 2) and names them, unless --allow-tie (promote the cheapest of the tied, by cost per sample\n' +
        'in run.json) or --config NAME. Writes a lock file with the model, prompt version, options, taxonomy version, the\n' +
        'metrics and run it won with and the decision; `sft-label label --config LOCK` uses it. A cascade\n' +
        '(matrix.cascades) is promoted like any configuration: the lock names both models (`model`, `cascade.then`) and\n' +
        'carries the thresholds chosen on gold as the per-dimension confidence_threshold.\n\n' +
        'Refused (exit 1) unless --force: a run cut by --limit / options.limit (fewer gold samples than the set has), and a\n' +
        'configuration the run marked FAILED (nothing labeled, or more than 10% of its samples failed); the best\n' +
        'configuration is chosen among those that did not fail.',
    )
    .argument('<report>', 'reports/<experiment> folder (metrics.json + run.json of a complete run)')
    .option('--config <name>', 'promote this configuration instead of the best one')
    .option('--allow-tie', 'when the best is tied with others (not significantly better), promote the cheapest of the tied instead of refusing')
    .option('--out <file>', 'lock file to write', 'experiments/production.lock.yaml')
    .option('--force', 'promote from a partial (--limit) run, or a configuration marked FAILED, anyway (a warning is printed)')
    .action((report: string, flags: PromoteFlags) => {
      const lock = promote({
        report,
        ...(flags.config ? { config: flags.config } : {}),
        ...(flags.allowTie ? { allowTie: true } : {}),
        force: flags.force ?? false,
        warn: (line) => process.stderr.write(`sft-label: warning: ${line}\n`),
      });
      if (lock.decision) process.stdout.write(`${lock.decision}\n`);
      mkdirSync(dirname(flags.out), { recursive: true });
      writeFileAtomic(flags.out, renderLock(lock, flags.out));
      const cost = lock.run.cost_per_sample_usd === null ? 'cost unknown' : `$${lock.run.cost_per_sample_usd.toFixed(6)}/sample`;
      const overall = lock.metrics.overall === null ? 'n/a' : lock.metrics.overall.toFixed(4);
      process.stdout.write(`promoted ${lock.config} (model ${lock.model}, prompt ${lock.prompt_version ?? '-'}, overall ${overall}, ${cost}) -> ${flags.out}\n`);
    });
}
