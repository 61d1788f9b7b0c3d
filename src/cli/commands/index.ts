import type { Command } from 'commander';
import { registerTaxonomy } from './taxonomy.js';
import { registerScore } from './score.js';
import { registerCompare } from './compare.js';
import { registerCache } from './cache.js';
import { registerGold } from './gold.js';
import { registerLabel } from './label.js';
import { registerEstimate } from './estimate.js';
import { registerRun } from './run.js';
import { registerDrift } from './drift.js';
import { registerMerge } from './merge.js';
import { registerPromote } from './promote.js';
import { registerCi } from './ci.js';
import { registerBaseline } from './baseline.js';
import { registerReport } from './report.js';
import { registerReview } from './review.js';

/** Every command of the CLI, one file each. Add a command: write its file, add its register function here. */
export const COMMANDS: Array<(program: Command) => void> = [
  registerTaxonomy,
  registerScore,
  registerCompare,
  registerCache,
  registerGold,
  registerLabel,
  registerEstimate,
  registerRun,
  registerDrift,
  registerMerge,
  registerPromote,
  registerCi,
  registerBaseline,
  registerReport,
  registerReview,
];
