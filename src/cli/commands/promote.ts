import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { promote, renderLock } from '../../production/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

interface PromoteFlags {
  config?: string;
  out: string;
  force?: boolean;
}

export function registerPromote(program: Command): void {
  program
    .command('promote')
    .description(
      'Pick the production configuration of an experiment run: the highest overall headline metric in\n' +
        'reports/<experiment>/metrics.json, ties broken by cost per sample (run.json). Writes a lock file with the model,\n' +
        'prompt version, options, taxonomy version and the metrics and run it won with; `sft-label label --config LOCK` uses it.\n\n' +
        'Refused (exit 1) unless --force: a run cut by --limit / options.limit (fewer gold samples than the set has), and a\n' +
        'configuration the run marked FAILED (nothing labeled, or more than 10% of its samples failed); the best\n' +
        'configuration is chosen among those that did not fail.\n\n' +
        'Examples:\n' +
        '  sft-label promote reports/deepseek-vs-sonnet\n' +
        '  sft-label promote reports/deepseek-vs-sonnet --config deepseek-v3.2__v3 --out experiments/production.lock.yaml',
    )
    .argument('<report>', 'reports/<experiment> folder (metrics.json + run.json of a complete run)')
    .option('--config <name>', 'promote this configuration instead of the best one')
    .option('--out <file>', 'lock file to write', 'experiments/production.lock.yaml')
    .option('--force', 'promote from a partial (--limit) run, or a configuration marked FAILED, anyway (a warning is printed)')
    .action((report: string, flags: PromoteFlags) => {
      const lock = promote({
        report,
        ...(flags.config ? { config: flags.config } : {}),
        force: flags.force ?? false,
        warn: (line) => process.stderr.write(`sft-label: warning: ${line}\n`),
      });
      mkdirSync(dirname(flags.out), { recursive: true });
      writeFileAtomic(flags.out, renderLock(lock, flags.out));
      const cost = lock.run.cost_per_sample_usd === null ? 'cost unknown' : `$${lock.run.cost_per_sample_usd.toFixed(6)}/sample`;
      const overall = lock.metrics.overall === null ? 'n/a' : lock.metrics.overall.toFixed(4);
      process.stdout.write(`promoted ${lock.config} (model ${lock.model}, prompt ${lock.prompt_version ?? '-'}, overall ${overall}, ${cost}) -> ${flags.out}\n`);
    });
}
