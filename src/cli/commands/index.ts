import type { Command } from 'commander';
import { registerTaxonomy } from './taxonomy.js';

/** Every command of the CLI, one file each. Add a command: write its file, add its register function here. */
export const COMMANDS: Array<(program: Command) => void> = [
  registerTaxonomy,
];
