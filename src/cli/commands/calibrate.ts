import type { Command } from 'commander';
import { calibrateRun, renderCalibration } from '../../runner/index.js';
import { fractionFlag } from '../flags.js';

interface CalibrateFlags {
  config?: string;
  target?: string;
  gold?: string;
  json?: boolean;
}

export function registerCalibrate(program: Command): void {
  program
    .command('calibrate')
    .argument('<report>', 'reports/<experiment> folder of a scored run (metrics.json, runs/, run.json)')
    .description(
      [
        'Propose per-dimension confidence thresholds from the gold set a run was scored on.',
        'For a cascade (matrix.cascades): escalation thresholds from its two configurations',
        "(default target: each dimension as good as the second model alone); for one",
        'configuration: arbitration thresholds (default target: kept labels agree 0.9).',
        '',
        'Thresholds are chosen by 5-fold cross-fitting: a sample is routed only by thresholds',
        'chosen on the other folds, so the expected agreement and escalation share (95%',
        'bootstrap CIs) are not measured on the samples that chose them. When confidence is',
        'uninformative (no lift over routing the same share at random) it says so and',
        'proposes nothing. Put a proposal in an experiment (options.confidence_threshold)',
        'or promote the cascade: the lock carries the thresholds.',
      ].join('\n'),
    )
    .option('--config <name>', 'a configuration or cascade of the run (default: every cascade, else every LLM configuration)')
    .option('--target <x>', 'agreement with gold each dimension must reach, 0..1')
    .option('--gold <dir>', 'gold set folder (default: the one run.json names)')
    .option('--json', 'print the proposals as JSON')
    .action((report: string, flags: CalibrateFlags) => {
      const entries = calibrateRun(report, {
        ...(flags.config !== undefined ? { config: flags.config } : {}),
        ...(flags.target !== undefined ? { target: fractionFlag('--target', flags.target) } : {}),
        ...(flags.gold !== undefined ? { gold: flags.gold } : {}),
      });
      process.stdout.write(flags.json ? `${JSON.stringify(entries, null, 2)}\n` : renderCalibration(entries));
    });
}
